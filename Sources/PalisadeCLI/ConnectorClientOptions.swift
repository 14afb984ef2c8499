import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// How the connector commands reach `palisade-connector`: like `ClientOptions`, but `--address`
/// defaults to the connector's own port, since these commands only ever talk to the connector.
struct ConnectorClientOptions: ParsableArguments {
    /// The connector's default listening address (`palisade-connector`'s default port).
    static let defaultAddress = "127.0.0.1:\(ConnectorAPI.defaultPort)"

    @Option(name: .long, help: "The connector's address, host:port.")
    var address: String = Self.defaultAddress

    @OptionGroup var tls: TLSClientOptions

    @Option(name: .long, help: "Seconds to wait for each answer (adding a connection asks Slack first).")
    var timeout: Int = 30

    func validate() throws {
        if timeout <= 0 {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The options of every call: the `--timeout` deadline.
    var callOptions: CallOptions { CallOptions(timeout: .seconds(timeout)) }

    /// Builds a client for the configured address.
    func makeClient() throws -> RPCClient {
        try tls.makeClient(address: address)
    }
}
