import ArgumentParser
import IngestionCore
import Logging
import PalisadeService

/// `palisade-ingestion --config FILE`: the activity log, until SIGTERM/SIGINT.
///
/// Everything but the parts is the shared scaffold (`ServiceCommand`, `ServiceMain`).
@main
struct PalisadeIngestion: ServiceCommand {
    static let serviceName = "ingestion"
    static let abstract = "Store, enrich and serve the activity log: Slack audit entries, normalised."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: IngestionConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try IngestionRuntime(configuration: configuration, logger: logger)
    }
}
