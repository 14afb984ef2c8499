import PalisadeMessages
import PalisadeWire

/// Whether an identity command that failed should be run again — the line
/// `CommandFailure.reporting` prints under the error: never for `IdentityAPI.finalStatuses`
/// (`Protocol/identity.md`, "Errors"), not as it was for the mesh's refusals (a certificate that
/// is not an operator's, a wrong address), and with the same key for everything else.
enum IdentityRetry {
    /// The advice for `error`; `key` is the action's idempotency key, nil for `status` and
    /// `actions`, which change nothing and may simply be asked again.
    static func advice(for error: RPCError, key: String?) -> String {
        if IdentityAPI.finalStatuses.contains(error.code) {
            // A final error is recorded against the key: the same key answers it again without
            // asking the provider, so once the cause is fixed a new key is what tries again.
            let again = key == nil ? "" : "; once the cause is fixed, run it with a new --idempotency-key (this one keeps its error)"
            return "final: asked again unchanged this fails again, so do not retry\(again)"
        }
        switch error.code {
        case .unauthenticated, .permissionDenied:
            // Refused by the mesh before the request was read: the key is untouched, and a
            // retry with the same certificate is refused the same way.
            return "nothing was done: the identity service takes operators' certificates (palisade certs issue operator/NAME); "
                + "run it again with one"
        case .unimplemented:
            return "nothing was done: the service at this address does not serve palisade.identity.v1.Identity; check --address "
                + "(the identity service listens on \(IdentityAPI.defaultPort) by default)"
        default:
            break
        }
        let wait = error.details["retryAfterSeconds"].map { " after \($0) s (the provider asked to wait)" } ?? ""
        guard let key else { return "retryable: run the same command again\(wait)" }
        return
            "retryable: run the same command again\(wait) with --idempotency-key \(key): the service does the action at most once per key, "
            + "so a retry never acts twice"
    }
}
