import ArgumentParser
import Foundation
import Logging

/// The options every service executable takes: `--config FILE` and `--check-config`.
public struct ServiceOptions: ParsableArguments {
    /// The configuration file (YAML).
    @Option(name: .long, help: "The configuration file (YAML).")
    public var config: String

    /// Validate, print `configuration OK: FILE`, and exit.
    @Flag(name: .long, help: "Validate the configuration, print 'configuration OK', and exit.")
    public var checkConfig = false

    /// Parsed by ArgumentParser.
    public init() {}
}

/// The body of every service's `main`: load and validate the configuration (file plus
/// environment overrides), answer `--check-config`, set up logging, build the runtime and
/// serve it until SIGTERM/SIGINT. Executables reach it through ``ServiceCommand``.
public enum ServiceMain {
    /// Exit status for a configuration the service refuses to start with.
    public static let configErrorExitCode: Int32 = 2
    /// Exit status for a start-up failure past the configuration (database, key file, port),
    /// or a part that failed while running.
    public static let startupErrorExitCode: Int32 = 1

    /// The command's name (`palisade-<name>`), abstract, and a discussion of configuration.
    public static func command(name: String, abstract: String, environmentPrefix: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: "palisade-\(name)", abstract: abstract,
            discussion: "Configuration keys are documented in deploy/\(name).example.yaml; every key can be "
                + "overridden by \(environmentPrefix)_<KEY> (nested keys joined by __).")
    }

    /// Runs the service `name` with the configuration type `Configuration`; `makeRuntime`
    /// builds its parts from the validated configuration.
    public static func run<Configuration: ServiceConfiguration>(
        _ type: Configuration.Type, name: String, options: ServiceOptions,
        makeRuntime: (Configuration, Logger) throws(StartupError) -> any ServiceRuntime
    ) async throws {
        let configuration: Configuration
        do {
            configuration = try ConfigLoader.load(
                Configuration.self, file: options.config, environment: ProcessInfo.processInfo.environment,
                prefix: Configuration.environmentPrefix)
        } catch {
            printError(name, error.message)
            throw ExitCode(configErrorExitCode)
        }
        if options.checkConfig {
            print("configuration OK: \(options.config)")
            return
        }
        LoggingSystemSetup.bootstrap(service: name, level: configuration.log.level.loggerLevel, format: configuration.log.format)
        let logger = Logger(label: "palisade.\(name)")
        do {
            let runtime = try makeRuntime(configuration, logger)
            try await ServiceHost(name: name, configuration: configuration, runtime: runtime, logger: logger).run()
        } catch let error as StartupError {
            printError(name, error.message)
            throw ExitCode(startupErrorExitCode)
        } catch {
            printError(name, "\(error)")
            throw ExitCode(startupErrorExitCode)
        }
    }

    /// One line on standard error, prefixed with the program's name.
    static func printError(_ name: String, _ message: String) {
        FileHandle.standardError.write(Data("palisade-\(name): \(message)\n".utf8))
    }
}
