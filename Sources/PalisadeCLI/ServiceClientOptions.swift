import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC

/// How the commands of one service reach it: like `ClientOptions`, but `--address` defaults to
/// that service's own address (its variable, the profile's, then its default port on this
/// machine), since each command only ever talks to one service.
struct ServiceClientOptions<Endpoint: ServiceEndpoint>: ParsableArguments {
    /// The service's default address on this machine.
    static var defaultAddress: String { "127.0.0.1:\(Endpoint.defaultPort)" }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The \(Endpoint.name)'s address, host:port (default: \(Endpoint.addressVariable), the profile's, or 127.0.0.1:\(Endpoint.defaultPort))."
        ))
    var address: String?

    @OptionGroup var tls: TLSClientOptions

    @Option(name: .customLong("timeout"), help: ArgumentHelp(Endpoint.timeoutHelp, valueName: "seconds"))
    var timeoutSeconds: Int?

    func validate() throws {
        if let timeoutSeconds, timeoutSeconds <= 0 {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// Seconds to wait for each answer: `--timeout`, else the service's default.
    var timeout: Int { timeoutSeconds ?? Endpoint.defaultTimeout }

    /// The options of every unary call: the `--timeout` deadline.
    var callOptions: CallOptions { CallOptions(timeout: .seconds(timeout)) }

    /// The options of a call that streams results for as long as there are some (an export of
    /// the whole activity log takes minutes): a deadline only when `--timeout` gave one.
    var streamOptions: CallOptions { CallOptions(timeout: timeoutSeconds.map { .seconds($0) }) }

    /// The address to call: `--address`, else the service's variable, else the profile's,
    /// else the service's default port on this machine.
    func resolvedAddress(environment: [String: String], profile: ClientProfile?) -> String {
        address ?? environment[Endpoint.addressVariable] ?? profile.flatMap { Endpoint.address(in: $0) } ?? Self.defaultAddress
    }

    /// Builds a client from the flags, then the environment, then the profile.
    func makeClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RPCClient {
        let profile = try ClientProfile.load(path: ClientProfile.path(environment: environment))
        return try tls.makeClient(
            address: resolvedAddress(environment: environment, profile: profile), environment: environment, profile: profile)
    }
}

/// How the connector commands reach `palisade-connector`.
typealias ConnectorClientOptions = ServiceClientOptions<ConnectorEndpoint>

/// How the activity and IP range commands reach `palisade-ingestion`.
typealias IngestionClientOptions = ServiceClientOptions<IngestionEndpoint>

/// How the policy commands reach `palisade-detection`.
typealias DetectionClientOptions = ServiceClientOptions<DetectionEndpoint>

/// How the identity commands reach `palisade-identity` or `palisade-identity-okta`.
typealias IdentityClientOptions = ServiceClientOptions<IdentityEndpoint>
