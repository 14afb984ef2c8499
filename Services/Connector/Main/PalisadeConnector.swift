import ArgumentParser
import ConnectorCore
import Logging
import PalisadeService

/// `palisade-connector --config FILE`: the connector service, until SIGTERM/SIGINT.
///
/// Everything but the parts is the shared scaffold (`ServiceCommand`, `ServiceMain`):
/// configuration and its environment overrides, `--check-config`, exit codes, logging, TLS,
/// `/metrics`, and the graceful shutdown of the parts in order.
@main
struct PalisadeConnector: ServiceCommand {
    static let serviceName = "connector"
    static let abstract = "Pull Slack Enterprise audit logs and deliver them to ingestion."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: ConnectorConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try ConnectorRuntime(configuration: configuration, logger: logger)
    }
}
