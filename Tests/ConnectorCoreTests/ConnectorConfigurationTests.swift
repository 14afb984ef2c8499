import ConnectorCore
import Foundation
import PalisadeService
import Testing

/// `ConnectorConfiguration` loaded the way the service loads it: a YAML file, environment
/// overrides, then `validate()`.
@Suite struct ConnectorConfigurationTests {
    /// A minimal valid plaintext configuration, its files in a fresh temporary directory.
    private static func load(_ extra: String, environment: [String: String] = [:]) throws -> ConnectorConfiguration {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connector-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let yaml = """
            listen: 127.0.0.1:7101
            tls:
              plaintext: true
            database: \(directory)/connector.sqlite
            secretKeyFile: \(directory)/connector.key
            ingestion:
              address: 127.0.0.1:7102

            """ + extra
        let file = directory + "/connector.yaml"
        try yaml.write(toFile: file, atomically: false, encoding: .utf8)
        return try ConfigLoader.load(
            ConnectorConfiguration.self, file: file, environment: environment,
            prefix: ConnectorConfiguration.environmentPrefix)
    }

    @Test func metricsListenerIsOffUnlessConfigured() throws {
        let configuration = try Self.load("")
        #expect(configuration.metrics.listen == nil)
        let empty = try Self.load("metrics: {}\n")
        #expect(empty.metrics.listen == nil)
    }

    @Test func metricsListenIsReadFromTheFileAndTheEnvironment() throws {
        let fromFile = try Self.load("metrics:\n  listen: 127.0.0.1:9101\n")
        #expect(fromFile.metrics.listen == (try ListenAddress(parsing: "127.0.0.1:9101")))
        let overridden = try Self.load(
            "metrics:\n  listen: 127.0.0.1:9101\n",
            environment: ["PALISADE_CONNECTOR_METRICS__LISTEN": ":9102"])
        #expect(overridden.metrics.listen == (try ListenAddress(parsing: ":9102")))
        let fromEnvironment = try Self.load("", environment: ["PALISADE_CONNECTOR_METRICS__LISTEN": "[::1]:0"])
        #expect(fromEnvironment.metrics.listen == (try ListenAddress(parsing: "[::1]:0")))
        // Another port on the RPC host, or port 0, is no conflict.
        let sameHost = try Self.load("metrics: { listen: 127.0.0.1:0 }\n")
        #expect(sameHost.metrics.listen?.port == 0)
    }

    @Test(arguments: [
        ("metrics:\n  listen: 127.0.0.1:99999\n", "'metrics.listen'", "out of range"),
        ("metrics:\n  listen: http://127.0.0.1:9101\n", "'metrics.listen'", "invalid address \"http://127.0.0.1:9101\""),
        ("metrics:\n  listen: 9101\n", "'metrics.listen'", "missing :port"),
        ("metrics:\n  listen: 127.0.0.1:7101\n", "'metrics.listen' is 127.0.0.1:7101, the port of 'listen'", "a port of its own"),
        ("metrics:\n  listen: :7101\n", "'metrics.listen' is :7101, the port of 'listen'", "a port of its own"),
        ("metrics:\n  port: 9101\n", "unknown key", "'metrics.port'"),
        ("sync:\n  overlapSeconds: 86401\n", "'sync.overlapSeconds' is 86401", "0…86400"),
        ("sync:\n  overlapSeconds: -1\n", "'sync.overlapSeconds' is -1", "0…86400"),
    ])
    func invalidMetricsListenIsRefusedNamingTheKey(extra: String, key: String, problem: String) throws {
        var message = ""
        do {
            _ = try Self.load(extra)
        } catch let error as ConfigError {
            message = error.message
        }
        #expect(message.contains(key), "\(message)")
        #expect(message.contains(problem), "\(message)")
    }
}
