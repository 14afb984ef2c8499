import PalisadeTLS
import PalisadeWire

/// The authorizer of a server configured for cleartext on loopback (`tls.plaintext`, which
/// service configuration allows on a loopback `listen` address only): callers there have no
/// certificate, so allow-lists cannot be checked, and the only callers are this machine's
/// users, as with any local development mesh. A caller that does present an identity is still
/// held to the allow-list. Never use it on a server reachable from other machines.
public struct LoopbackPlaintextAuthorizer: RPCAuthorizer {
    private let allowList = AllowListAuthorizer()

    /// Makes the authorizer.
    public init() {}

    public func authorize(_ method: RPCMethodName, allowedCallers: Set<String>?, peer: PeerIdentity?) -> RPCError? {
        guard peer != nil else { return nil }
        return allowList.authorize(method, allowedCallers: allowedCallers, peer: peer)
    }
}
