import ArgumentParser
import Logging
import PalisadeService
import SampleCore

/// `palisade-sample --config FILE`: the scaffold's smallest service.
@main
struct PalisadeSample: ServiceCommand {
    static let serviceName = "sample"
    static let abstract = "Keeps notes: the service scaffold at its smallest."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: SampleConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try SampleRuntime(configuration: configuration)
    }
}
