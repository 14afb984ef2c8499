import ArgumentParser
import Logging

/// A service's executable: its name, its configuration type and how its runtime is built. The
/// command line (`--config`, `--check-config`), `--help` and `run()` come from here, through
/// ``ServiceMain``:
///
/// ```swift
/// @main
/// struct PalisadeSample: ServiceCommand {
///     static let serviceName = "sample"
///     static let abstract = "Keeps notes."
///     @OptionGroup var options: ServiceOptions
///
///     static func makeRuntime(_ configuration: SampleConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
///         try SampleRuntime(configuration: configuration)
///     }
/// }
/// ```
public protocol ServiceCommand: AsyncParsableCommand {
    /// The service's configuration file type.
    associatedtype Configuration: ServiceConfiguration
    /// The short name: the executable is `palisade-<name>`, the start line "<name> started".
    static var serviceName: String { get }
    /// One line for `--help`.
    static var abstract: String { get }
    /// `--config FILE` and `--check-config` (declare as `@OptionGroup var options: ServiceOptions`).
    var options: ServiceOptions { get }
    /// Builds the service's parts from its validated configuration.
    static func makeRuntime(_ configuration: Configuration, logger: Logger) throws(StartupError) -> any ServiceRuntime
}

extension ServiceCommand {
    /// `palisade-<name>`, the abstract, and where configuration keys are documented.
    public static var configuration: CommandConfiguration {
        ServiceMain.command(name: serviceName, abstract: abstract, environmentPrefix: Configuration.environmentPrefix)
    }

    /// Loads the configuration and serves the runtime until SIGTERM/SIGINT (``ServiceMain/run(_:name:options:makeRuntime:)``).
    public func run() async throws {
        try await ServiceMain.run(Configuration.self, name: Self.serviceName, options: options) {
            configuration, logger throws(StartupError) in
            try Self.makeRuntime(configuration, logger: logger)
        }
    }
}
