import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC

/// How the connector commands reach `palisade-connector`: like `ClientOptions`, but `--address`
/// defaults to the connector's own port, since these commands only ever talk to the connector.
struct ConnectorClientOptions: ParsableArguments {
    /// The connector's default listening address (`palisade-connector`'s default port).
    static let defaultAddress = "127.0.0.1:\(ConnectorAPI.defaultPort)"

    @Option(name: .long, help: "The connector's address, host:port (default: PALISADE_ADDRESS, the profile's, or 127.0.0.1:7101).")
    var address: String?

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

    /// The address to call: `--address`, else `PALISADE_ADDRESS`, else the profile's, else
    /// the connector's default port on this machine.
    func resolvedAddress(environment: [String: String], profile: ClientProfile?) -> String {
        address ?? environment["PALISADE_ADDRESS"] ?? profile?.address ?? Self.defaultAddress
    }

    /// Builds a client from the flags, then the environment, then the profile.
    func makeClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RPCClient {
        let profile = try ClientProfile.load(path: ClientProfile.path(environment: environment))
        return try tls.makeClient(
            address: resolvedAddress(environment: environment, profile: profile), environment: environment, profile: profile)
    }
}
