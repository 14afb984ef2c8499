import ArgumentParser
import ConnectorCore
import Foundation
import PalisadeService

/// `palisade-connector --config FILE`: the connector service, until SIGTERM/SIGINT.
@main
struct PalisadeConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-connector",
        abstract: "Pull Slack Enterprise audit logs and deliver them to ingestion.",
        discussion: "Configuration keys are documented in deploy/connector.example.yaml; every key can be "
            + "overridden by PALISADE_CONNECTOR_<KEY> (nested keys joined by __)."
    )

    /// Exit status for a configuration the service refuses to start with.
    static let configErrorExitCode: Int32 = 2
    /// Exit status for a start-up failure past the configuration (database, key file, port).
    static let startupErrorExitCode: Int32 = 1

    @Option(name: .long, help: "The configuration file (YAML).")
    var config: String

    @Flag(name: .long, help: "Validate the configuration, print 'configuration OK', and exit.")
    var checkConfig = false

    func run() async throws {
        let loaded: ConnectorConfiguration
        do {
            loaded = try ConfigLoader.load(
                ConnectorConfiguration.self, file: config,
                environment: ProcessInfo.processInfo.environment, prefix: ConnectorConfiguration.environmentPrefix)
            // Reading the client secret is part of validation: a missing or empty file is a
            // configuration error, not a runtime surprise at the first OAuth call.
            _ = try loaded.oauthSettings()
        } catch {
            Self.printError(error.message)
            throw ExitCode(Self.configErrorExitCode)
        }
        if checkConfig {
            print("configuration OK: \(config)")
            return
        }
        LoggingSystemSetup.bootstrap(service: "connector", level: loaded.log.level.loggerLevel, format: loaded.log.format)
        do {
            try await ConnectorProcess(configuration: loaded).run()
        } catch let error as StartupError {
            Self.printError(error.message)
            throw ExitCode(Self.startupErrorExitCode)
        }
    }

    /// One line on standard error, prefixed with the program's name.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("palisade-connector: \(message)\n".utf8))
    }
}

/// A failure to start (after the configuration was accepted), with the line to print.
struct StartupError: Error {
    /// What failed and where, naming no secret.
    let message: String
}
