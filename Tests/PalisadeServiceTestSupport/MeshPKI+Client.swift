import PalisadeRPC
import PalisadeTLS

extension MeshPKI {
    /// An RPC client to a service under test at `127.0.0.1:port`, over mutual TLS as
    /// `identity` (nil: no client certificate), checking the server's certificate carries
    /// `localhost` (every certificate `issue` makes does). It connects at the first call.
    public func rpcClient(port: Int, identity: String?, connectTimeout: Duration = .seconds(2)) throws -> RPCClient {
        var configuration = RPCClientConfiguration(
            host: "127.0.0.1", port: port, security: .tls(try TLSContext(client: clientConfiguration(identity: identity))),
            serverName: "localhost")
        configuration.connectTimeout = connectTimeout
        return try RPCClient(configuration: configuration)
    }
}
