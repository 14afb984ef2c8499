import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator

/// The outside world of a `palisade-connector` process under test, in this process: a Slack
/// simulator over HTTPS (its CA in the test's directory) and an Ingest receiver on loopback
/// h2c, plus the connector's config file pointing at both. The connector-specific layer over
/// `ServiceTestScope`, which owns the directory, the process and the teardown.
final class ConnectorProcessFixture: Sendable {
    /// The test's directory, processes and cleanups.
    let scope: ServiceTestScope
    /// The Slack side: simulator, its HTTPS server and the CA file.
    let slack: SlackSimulatorFixture
    let receiver: IngestReceiver
    let configFile: String
    private let pageSize: Int

    var directory: String { scope.directory }

    private init(scope: ServiceTestScope, entries: [SimEntry], pageSize: Int) throws {
        self.scope = scope
        slack = try SlackSimulatorFixture.start(in: scope, entries: entries)
        let receiver = try IngestReceiver()
        scope.addCleanup { await receiver.shutdown() }
        self.receiver = receiver
        self.pageSize = pageSize
        configFile = scope.file("connector.yaml")
        try writeConfig()
    }

    /// Runs `body` with a fixture and a launcher for `executable`; whatever happens, the
    /// process is killed and the servers and the directory go (see `ServiceTestScope`).
    static func with(
        entries: [SimEntry], pageSize: Int = 500, executable: String,
        _ body: (ConnectorProcessFixture, ServiceProcess) async throws -> Void
    ) async throws {
        try await ServiceTestScope.with(prefix: "connector-process") { scope in
            let fixture = try ConnectorProcessFixture(scope: scope, entries: entries, pageSize: pageSize)
            let connector = scope.process(executable: executable, name: "connector", environmentPrefix: "PALISADE_CONNECTOR")
            try await body(fixture, connector)
        }
    }

    /// (Re)writes `configFile`: plaintext on loopback, or mutual TLS with `tls` (the
    /// connector's certificate, key and CA files). A running connector reads it at its next
    /// launch. Port 0 everywhere, so parallel tests never collide.
    func writeConfig(tls: TLSFiles = .plaintextOnLoopback) throws {
        let text = """
            listen: 127.0.0.1:0
            metrics:
              listen: 127.0.0.1:0
            tls:
            \(tls.configSection)
            database: \(directory)/connector.sqlite
            secretKeyFile: \(directory)/connector.key
            ingestion:
              address: 127.0.0.1:\(receiver.port)
            slack:
              auditBaseUrl: \(slack.baseURL)
              webApiBaseUrl: \(slack.baseURL)
              caFile: \(slack.caFile)
              timeoutSeconds: 20
            sync:
              pollIntervalSeconds: 1
              pageSize: \(pageSize)
            log:
              level: info
            """
        try text.write(toFile: configFile, atomically: false, encoding: .utf8)
    }

    /// A client for the connector's RPC at `port` (h2c; the connector admits loopback callers).
    func client(port: Int) throws -> RPCClient {
        var configuration = RPCClientConfiguration(host: "127.0.0.1", port: port, security: .plaintext)
        configuration.connectTimeout = .seconds(2)
        return try RPCClient(configuration: configuration)
    }

    /// The connector's only connection, asked over RPC.
    func connection(port: Int) async throws -> ConnectionInfo? {
        let client = try client(port: port)
        defer { client.close() }
        return try await client.call(
            ConnectorAPI.listConnections, Empty(),
            options: CallOptions(timeout: .seconds(5))
        ).connections.first
    }
}
