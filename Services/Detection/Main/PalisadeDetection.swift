import ArgumentParser
import DetectionCore
import Logging
import PalisadeService

/// `palisade-detection --config FILE`: the detections and policies over ingestion's stream,
/// until SIGTERM/SIGINT.
///
/// Everything but the parts is the shared scaffold (`ServiceCommand`, `ServiceMain`).
@main
struct PalisadeDetectionService: ServiceCommand {
    static let serviceName = "detection"
    static let abstract = "Find anomalies and policy matches in the activity stream; serve the findings."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: DetectionConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try DetectionRuntime(configuration: configuration, logger: logger)
    }
}
