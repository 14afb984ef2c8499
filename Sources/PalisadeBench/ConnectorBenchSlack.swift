import Foundation
import Logging
import PalisadeSlackSimulator
import PalisadeTLS

/// The Slack side of `palisade-bench connector`: a simulator holding the scenario, served over
/// HTTPS (HTTP/2, TLS from a throw-away `TestPKI`) on one event loop, as in the connector tests.
/// The CA certificate is written to a temporary directory because `HTTPClient` trusts a file.
final class ConnectorBenchSlack: Sendable {
    let directory: String
    let caFile: String
    let baseURL: String
    private let server: SlackSimulatorServer

    init(entries: [SimEntry], logger: Logger) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-connector-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pki = try TestPKI(serverName: "localhost")
        caFile = directory + "/ca.pem"
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
        // No rate limit: the benchmark measures throughput, not Slack's 20 requests a minute.
        let simulator = SlackSimulator(configuration: .init(rateLimitPerMinute: 0))
        simulator.append(entries)
        server = try SlackSimulatorServer(
            simulator: simulator, tls: try TLSContext(server: pki.serverConfiguration(clientCertificate: .none)),
            eventLoops: 1, logger: logger)
        try server.start()
        // "localhost", not the bound IP: the certificate is checked against the URL's host name.
        baseURL = "https://localhost:\(server.port ?? 0)"
    }

    /// A fresh directory under this one for a run's files (store, key).
    func runDirectory() throws -> String {
        let path = directory + "/run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func shutdown() async {
        await server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
