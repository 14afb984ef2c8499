import ArgumentParser
import ConnectorCore
import PalisadeService

/// `palisade-connector --config FILE`: the connector service, until SIGTERM/SIGINT.
///
/// Everything but the parts is the shared scaffold (`ServiceMain`): configuration and its
/// environment overrides, `--check-config`, exit codes, logging, TLS, `/metrics`, and the
/// graceful shutdown of the parts in order.
@main
struct PalisadeConnector: AsyncParsableCommand {
    static let configuration = ServiceMain.command(
        name: "connector", abstract: "Pull Slack Enterprise audit logs and deliver them to ingestion.",
        environmentPrefix: ConnectorConfiguration.environmentPrefix)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await ServiceMain.run(ConnectorConfiguration.self, name: "connector", options: options) {
            configuration, logger throws(StartupError) in
            try ConnectorRuntime(configuration: configuration, logger: logger)
        }
    }
}
