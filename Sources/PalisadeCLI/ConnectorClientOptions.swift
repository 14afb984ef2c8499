import ArgumentParser
import PalisadeRPC
import PalisadeTLS

/// How the connector commands reach `palisade-connector`: like `ClientOptions`, but `--address`
/// defaults to the connector's own port, since these commands only ever talk to the connector.
struct ConnectorClientOptions: ParsableArguments {
    /// The connector's default listening address (`palisade-connector`'s default port).
    static let defaultAddress = "127.0.0.1:7101"

    @Option(name: .long, help: "The connector's address, host:port.")
    var address: String = Self.defaultAddress

    @Option(name: .long, help: "CA certificate to trust (the mesh CA, ca.pem).")
    var ca: String?

    @Option(name: .long, help: "Our certificate (operator), PEM.")
    var cert: String?

    @Option(name: .long, help: "Our private key, PEM.")
    var key: String?

    @Option(name: .long, help: "The name the server certificate must carry (default: the host).")
    var serverName: String?

    @Flag(name: .long, help: "Use cleartext HTTP/2 (loopback test servers only).")
    var plaintext = false

    @Option(name: .long, help: "Seconds to wait for each answer (adding a connection asks Slack first).")
    var timeout: Int = 30

    func validate() throws {
        if !plaintext && ca == nil {
            throw ValidationError("--ca is required for TLS (or pass --plaintext for a loopback test server)")
        }
        if (cert == nil) != (key == nil) {
            throw ValidationError("--cert and --key go together")
        }
        if timeout <= 0 {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The options of every call: the `--timeout` deadline.
    var callOptions: CallOptions { CallOptions(timeout: .seconds(timeout)) }

    /// Builds a client for the configured address (the same construction as `ClientOptions`).
    func makeClient() throws -> RPCClient {
        let (host, port) = try ClientOptions.split(address)
        let security: TransportSecurity
        if plaintext {
            security = .plaintext
        } else {
            let configuration = TLSConfiguration.client(
                trustRoots: ca.map { .file($0) },
                certificateChain: cert.map { .file($0) },
                privateKey: key.map { .file($0) })
            security = .tls(try TLSContext(client: configuration))
        }
        return try RPCClient(configuration: .init(host: host, port: port, security: security, serverName: serverName))
    }
}
