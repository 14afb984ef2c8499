import Foundation
import IngestionCore
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The whole pipeline as real processes over mutual TLS: a Slack simulator (HTTPS, in this
/// process) serving a generated scenario, `palisade-connector` pulling from it and pushing to
/// `palisade-ingestion`, which stores the activities with the default GeoIP database. The
/// ingestion-specific layer over `ServiceTestScope`, which owns the directory, the processes and
/// the teardown.
///
/// Ingestion's config is `deploy/ingestion.example.yaml` with its paths and port substituted, so
/// the documented example is proven to start the service. Ingestion first binds port 0; from then
/// on its config names the port it got, so a restart (after `kill -9`) serves the same address
/// the connector's config points at.
final class IngestionProcessFixture: Sendable {
    let scope: ServiceTestScope
    let scenario: Scenario
    let slack: SlackSimulatorFixture
    let mesh: MeshPKI
    let ingestion: ServiceProcess
    let connector: ServiceProcess
    let ingestionConfig: String
    let connectorConfig: String
    /// `operator/alice`'s certificate files, for the CLI.
    let operatorFiles: TLSFiles
    private let ingestionFiles: TLSFiles
    private let connectorFiles: TLSFiles
    private let ports = Mutex<(ingestion: Int, connector: Int)>((0, 0))

    var ingestionPort: Int { ports.withLock { $0.ingestion } }
    var connectorPort: Int { ports.withLock { $0.connector } }

    private init(scope: ServiceTestScope, scenario: Scenario, executables: (ingestion: String, connector: String)) throws {
        self.scope = scope
        self.scenario = scenario
        slack = try SlackSimulatorFixture.start(in: scope, entries: scenario.entries)
        mesh = try MeshPKI(directory: scope.directory)
        ingestionFiles = try mesh.files(for: "ingestion")
        connectorFiles = try mesh.files(for: "connector")
        operatorFiles = try mesh.files(for: "operator/alice")
        ingestionConfig = scope.file("ingestion.yaml")
        connectorConfig = scope.file("connector.yaml")
        ingestion = scope.process(
            executable: executables.ingestion, name: "ingestion", environmentPrefix: IngestionConfiguration.environmentPrefix)
        connector = scope.process(executable: executables.connector, name: "connector", environmentPrefix: "PALISADE_CONNECTOR")
    }

    /// Runs `body` with a fixture serving `scenario`; whatever happens, both services are killed
    /// and the simulator and the directory go. Fails (rather than skips) when a service is not
    /// built or the default GeoIP database was never fetched.
    static func with(scenario: Scenario, _ body: (IngestionProcessFixture) async throws -> Void) async throws {
        let executables = (ingestion: try locate("palisade-ingestion"), connector: try locate("palisade-connector"))
        let geoip = DefaultGeoIP.path
        guard FileManager.default.fileExists(atPath: geoip) else {
            throw FixtureError(
                description: "the default GeoIP database is not at \(geoip): run `make geoip` (Scripts/fetch-geoip.sh) once, online")
        }
        try await ServiceTestScope.with(prefix: "ingestion-process") { scope in
            try await body(try IngestionProcessFixture(scope: scope, scenario: scenario, executables: executables))
        }
    }

    /// A product built next to the tests (`swift build` makes them before `swift test`).
    static func locate(_ product: String) throws -> String {
        guard let path = ServiceProcess.locate(product) else {
            throw FixtureError(description: "\(product) is not built next to the tests: run `swift build` (same --scratch-path) first")
        }
        return path
    }

    /// A scenario of `entries` over `days` ending a minute ago (a backfill of `days + 1` covers
    /// it whatever the generation took).
    static func scenario(entries: Int, days: Int = 7, seed: UInt64 = 13) -> Scenario {
        let end = Int64(Date().timeIntervalSince1970) - 60
        return Scenario.generate(ScenarioConfiguration(seed: seed, users: 120, workspaces: 3, end: end, days: days, entries: entries))
    }

    // MARK: Processes

    /// Starts ingestion (learning its port), then the connector pointed at it.
    func start() async throws {
        try writeIngestionConfig(port: 0)
        let port = try await ingestion.launch(config: ingestionConfig)
        try writeIngestionConfig(port: port)
        try writeConnectorConfig(ingestionPort: port)
        let connectorPort = try await connector.launch(config: connectorConfig)
        ports.withLock { $0 = (port, connectorPort) }
    }

    /// `kill -9` on ingestion, then a new process on the same port and database.
    func crashAndRestartIngestion() async throws {
        ingestion.kill(signal: SIGKILL)
        let port = try await ingestion.launch(config: ingestionConfig)
        guard port == ingestionPort else {
            throw FixtureError(description: "ingestion came back on port \(port), not \(ingestionPort):\n\(ingestion.log)")
        }
    }

    /// `kill -9` on the connector, then a new process with the same database and key file.
    func crashAndRestartConnector() async throws {
        connector.kill(signal: SIGKILL)
        let port = try await connector.launch(config: connectorConfig)
        ports.withLock { $0.connector = port }
    }

    /// `deploy/ingestion.example.yaml` with this test's port, files and database.
    private func writeIngestionConfig(port: Int) throws {
        var text = try String(contentsOfFile: Self.exampleConfigPath, encoding: .utf8)
        let substitutions = [
            ("listen: 127.0.0.1:7102", "listen: 127.0.0.1:\(port)"),
            ("/etc/palisade/tls/ingestion.pem", ingestionFiles.certificate),
            ("/etc/palisade/tls/ingestion.key", ingestionFiles.key),
            ("/etc/palisade/tls/ca.pem", ingestionFiles.ca),
            ("/var/lib/palisade/ingestion.sqlite", scope.file("ingestion.sqlite")),
            ("/var/lib/palisade/geoip/dbip-city-lite-2023-04.mmdb", DefaultGeoIP.path),
        ]
        for (example, actual) in substitutions {
            guard text.contains(example) else {
                throw FixtureError(description: "\(Self.exampleConfigPath) no longer contains \(example)")
            }
            text = text.replacingOccurrences(of: example, with: actual)
        }
        try text.write(toFile: ingestionConfig, atomically: false, encoding: .utf8)
    }

    /// The example next to this file's repository root.
    static var exampleConfigPath: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Process, IngestionCoreTests, Tests, the file
        return url.appendingPathComponent("deploy/ingestion.example.yaml").path
    }

    private func writeConnectorConfig(ingestionPort: Int) throws {
        // The mesh certificates name localhost (DNS) besides their SPIFFE identity: that is the
        // name the connector checks ingestion's certificate for.
        let text = """
            listen: 127.0.0.1:0
            tls:
            \(connectorFiles.configSection)
            database: \(scope.file("connector.sqlite"))
            secretKeyFile: \(scope.file("connector.key"))
            ingestion:
              address: 127.0.0.1:\(ingestionPort)
              serverName: localhost
            slack:
              auditBaseUrl: \(slack.baseURL)
              webApiBaseUrl: \(slack.baseURL)
              caFile: \(slack.caFile)
              timeoutSeconds: 30
            sync:
              pollIntervalSeconds: 1
              pageSize: 5000
            log:
              level: info
            """
        try text.write(toFile: connectorConfig, atomically: false, encoding: .utf8)
    }

    /// The warnings and errors every launch logged, by service and message, with how often:
    /// printed at the end of a test, so a run shows what the services complained about.
    func logSummary() -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scope.directory)) ?? []
        var counts: [String: Int] = [:]
        for file in files where file.hasSuffix(".log") {
            let service = file.split(separator: "-").first.map(String.init) ?? file
            let text = (try? String(contentsOfFile: scope.file(file), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("level=warning") || line.contains("level=error") {
                let message = line.range(of: "msg=\"").flatMap { start in
                    line[start.upperBound...].firstIndex(of: "\"").map { String(line[start.upperBound..<$0]) }
                }
                let level = line.contains("level=error") ? "error" : "warning"
                counts["\(service) \(level): \(message ?? String(line.prefix(120)))", default: 0] += 1
            }
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: "\n")
    }

    // MARK: Calls

    /// A client for ingestion as `identity` (`operator/alice`, `detection`, `connector`).
    func ingestionClient(identity: String) throws -> RPCClient {
        try mesh.rpcClient(port: ingestionPort, identity: identity, connectTimeout: .seconds(1))
    }

    /// Ingestion's `GetStats`, as an operator.
    func stats() async throws -> IngestionStats {
        let client = try ingestionClient(identity: "operator/alice")
        defer { client.close() }
        return try await client.call(IngestionAPI.getStats, Empty(), options: CallOptions(timeout: .seconds(10)))
    }

    /// Adds the simulator's development token on the connector, backfilling `days`.
    func addConnection(backfillDays: UInt32) async throws -> ConnectionInfo {
        let client = try mesh.rpcClient(port: connectorPort, identity: "operator/alice")
        defer { client.close() }
        return try await client.call(
            ConnectorAPI.addConnection, AddConnectionRequest(token: SimulatorToken.development.value, backfillDays: backfillDays),
            options: CallOptions(timeout: .seconds(30)))
    }

    /// The connector's only connection, as an operator sees it.
    func connection() async throws -> ConnectionInfo? {
        let client = try mesh.rpcClient(port: connectorPort, identity: "operator/alice", connectTimeout: .seconds(1))
        defer { client.close() }
        return try await client.call(ConnectorAPI.listConnections, Empty(), options: CallOptions(timeout: .seconds(10))).connections.first
    }

    /// Waits until ingestion stores every entry of the scenario and the connector's outbox is
    /// empty (or `timeout` passes); the last figures seen.
    func waitUntilDelivered(timeout: Duration) async throws -> (stats: IngestionStats?, connection: ConnectionInfo?) {
        let deadline = ContinuousClock.now + timeout
        var last: (stats: IngestionStats?, connection: ConnectionInfo?) = (nil, nil)
        while ContinuousClock.now < deadline {
            last.stats = (try? await stats()) ?? last.stats
            if last.stats?.activities ?? 0 >= UInt64(scenario.entries.count) {
                last.connection = (try? await connection()) ?? last.connection
                if last.connection?.entriesPending == 0 { return last }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return last
    }

    /// The fixture could not be set up.
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }
}
