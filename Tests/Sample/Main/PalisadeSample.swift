import ArgumentParser
import PalisadeService
import SampleCore

/// `palisade-sample --config FILE`: the scaffold's smallest service.
@main
struct PalisadeSample: AsyncParsableCommand {
    static let configuration = ServiceMain.command(
        name: "sample", abstract: "Keeps notes: the service scaffold at its smallest.",
        environmentPrefix: SampleConfiguration.environmentPrefix)

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await ServiceMain.run(SampleConfiguration.self, name: "sample", options: options) { configuration, _ throws(StartupError) in
            try SampleRuntime(configuration: configuration)
        }
    }
}
