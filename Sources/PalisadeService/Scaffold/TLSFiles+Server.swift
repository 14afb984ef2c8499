import PalisadeRPC
import PalisadeTLS

extension TLSFiles {
    /// The server side of these settings: mutual TLS that requires a client certificate from
    /// the mesh CA and checks each method's allow-list, or cleartext with
    /// `LoopbackPlaintextAuthorizer` (validation allows cleartext on loopback only).
    public func serverSecurity() throws(StartupError) -> (security: TransportSecurity, authorizer: any RPCAuthorizer) {
        guard !plaintext else { return (.plaintext, LoopbackPlaintextAuthorizer()) }
        do {
            let context = try TLSContext(
                server: .server(
                    certificateChain: .file(certificate), privateKey: .file(key),
                    trustRoots: .file(ca), clientCertificate: .required))
            return (.tls(context), AllowListAuthorizer())
        } catch {
            throw StartupError(message: "'tls': \(error)")
        }
    }
}
