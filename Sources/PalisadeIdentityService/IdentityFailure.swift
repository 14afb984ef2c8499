import PalisadeRPC
import PalisadeWire

/// Why an identity call failed, classified the way `Protocol/identity.md` "Errors" says: final
/// failures are recorded against an action's key and answered again unchanged; retryable ones
/// are not, so the same key tries again.
public struct IdentityFailure: Error, Sendable, Equatable, CustomStringConvertible, RPCErrorConvertible {
    /// The kinds of failure, each with its status.
    public enum Kind: Sendable, Hashable {
        /// The request itself is wrong (`INVALID_ARGUMENT`).
        case invalid
        /// The provider has no such user (`NOT_FOUND`).
        case notFound
        /// The address names more than one user (`FAILED_PRECONDITION`).
        case ambiguous
        /// The user is deleted or deprovisioned and cannot be acted on (`FAILED_PRECONDITION`).
        case gone
        /// The provider refuses the service's credentials or permissions, or a mailbox or relay
        /// refuses a notice for good (`FAILED_PRECONDITION`).
        case refused
        /// The key was used for another action or user (`ALREADY_EXISTS`).
        case conflict
        /// The provider cannot be reached, failed, answered something that is not its API, or
        /// throttled until the deadline (`UNAVAILABLE`, retryable).
        case unavailable
    }

    /// What kind of failure.
    public var kind: Kind
    /// What happened and what to do about it, for a person.
    public var message: String
    /// The provider's id of the failing request (Graph `request-id`, Okta `X-Okta-Request-Id`).
    public var providerRequestID: String?
    /// The provider's own error code (`Authorization_RequestDenied`, `E0000006`, `AADSTS7000222`).
    public var providerError: String?
    /// How long the provider asked to wait, when it said.
    public var retryAfterSeconds: Double?

    /// Makes a failure.
    public init(
        _ kind: Kind, _ message: String, providerRequestID: String? = nil, providerError: String? = nil, retryAfterSeconds: Double? = nil
    ) {
        self.kind = kind
        self.message = message
        self.providerRequestID = providerRequestID.flatMap { $0.isEmpty ? nil : $0 }
        self.providerError = providerError.flatMap { $0.isEmpty ? nil : $0 }
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether asking again unchanged would fail again.
    public var isFinal: Bool { kind != .unavailable }

    /// The status this failure is answered with.
    public var status: StatusCode {
        switch kind {
        case .invalid: .invalidArgument
        case .notFound: .notFound
        case .ambiguous, .gone, .refused: .failedPrecondition
        case .conflict: .alreadyExists
        case .unavailable: .unavailable
        }
    }

    /// The RPC error: the status, the message, and the provider's request id and code as details.
    public var rpcError: RPCError {
        var details: [String: String] = [:]
        details["providerRequestID"] = providerRequestID
        details["providerError"] = providerError
        if let retryAfterSeconds { details["retryAfterSeconds"] = String(retryAfterSeconds) }
        return RPCError(status, message, details: details)
    }

    /// `UNAVAILABLE: …`.
    public var description: String { rpcError.description }
}
