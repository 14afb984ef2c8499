import PalisadeRPC
import PalisadeTLS
import PalisadeWire

/// The authorizer of a connector configured with `tls.plaintext` (validation restricts that to
/// a loopback `listen` address): callers there have no certificate, so the operator allow-list
/// cannot be checked, and the only callers are this machine's users, as with any local
/// development mesh. With TLS the ordinary `AllowListAuthorizer` applies.
struct LoopbackPlaintextAuthorizer: RPCAuthorizer {
    private let allowList = AllowListAuthorizer()

    func authorize(_ method: RPCMethod, allowedCallers: Set<String>?, peer: PeerIdentity?) -> RPCError? {
        guard peer != nil else { return nil }
        return allowList.authorize(method, allowedCallers: allowedCallers, peer: peer)
    }
}
