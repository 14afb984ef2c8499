import ArgumentParser
import PalisadeRPC
import PalisadeWire

/// `palisade health`: calls `palisade.health.v1.Health/Check` on a service.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check that a Palisade service is up and serving.")

    @OptionGroup var client: ClientOptions

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let rpc = try client.makeClient()
        let response = try await rpc.call(
            HealthAPI.check, HealthCheckRequest(),
            options: CallOptions(timeout: .seconds(timeout)))
        print("\(client.address): \(response.status)")
        if response.status != .serving { throw ExitCode(1) }
    }
}
