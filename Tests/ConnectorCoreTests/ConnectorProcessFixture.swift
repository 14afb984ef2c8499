import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeSlackSimulator
#if canImport(Glibc)
import Glibc
#endif

/// The outside world of a `palisade-connector` process under test, in this process: a Slack
/// simulator over HTTPS (its CA in the temporary directory) and an Ingest receiver on loopback
/// h2c, plus the connector's config file pointing at both.
final class ConnectorProcessFixture: Sendable {
    /// The Slack side: simulator, its HTTPS server, the CA file and the temporary directory.
    let slack: SlackSimulatorFixture
    let receiver: IngestReceiver
    let configFile: String
    private let pageSize: Int

    var directory: String { slack.directory }
    var simulator: SlackSimulator { slack.simulator }
    var caFile: String { slack.caFile }
    var slackBase: String { slack.baseURL }

    init(entries: [SimEntry], simulator configuration: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
         pageSize: Int = 500) throws {
        slack = try SlackSimulatorFixture(entries: entries, configuration: configuration, directoryPrefix: "connector-process")
        receiver = try IngestReceiver()
        self.pageSize = pageSize
        configFile = slack.directory + "/connector.yaml"
        try writeConfig()
    }

    /// (Re)writes `configFile`: plaintext on loopback, or mutual TLS with `tls` (the
    /// connector's certificate, key and CA files). A running connector reads it at its next launch.
    func writeConfig(tls: MutualTLSFiles? = nil) throws {
        try Self.config(directory: directory, ingestionPort: receiver.port, slackBase: slackBase, caFile: caFile,
                        pageSize: pageSize, tls: tls)
            .write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    /// Runs `body` with a fixture and a launcher; whatever happens, the process is killed and
    /// the fixture (servers, temporary directory) shut down.
    static func with(entries: [SimEntry], pageSize: Int = 500, executable: String,
                     _ body: (ConnectorProcessFixture, ConnectorProcessLauncher) async throws -> Void) async throws {
        let fixture = try ConnectorProcessFixture(entries: entries, pageSize: pageSize)
        let launcher = ConnectorProcessLauncher(executable: executable, directory: fixture.directory)
        do {
            try await body(fixture, launcher)
        } catch {
            launcher.kill(signal: SIGKILL)
            await fixture.shutdown()
            throw error
        }
        launcher.kill(signal: SIGKILL)
        await fixture.shutdown()
    }

    /// A connector config on loopback, plaintext unless `tls` is given; port 0 so parallel
    /// tests never collide.
    static func config(directory: String, ingestionPort: Int, slackBase: String, caFile: String, pageSize: Int,
                       tls: MutualTLSFiles? = nil) -> String {
        let tlsSection = tls.map { "  certificate: \($0.certificate)\n  key: \($0.key)\n  ca: \($0.ca)" } ?? "  plaintext: true"
        return """
        listen: 127.0.0.1:0
        metrics:
          listen: 127.0.0.1:0
        tls:
        \(tlsSection)
        database: \(directory)/connector.sqlite
        secretKeyFile: \(directory)/connector.key
        ingestion:
          address: 127.0.0.1:\(ingestionPort)
        slack:
          auditBaseUrl: \(slackBase)
          webApiBaseUrl: \(slackBase)
          caFile: \(caFile)
          timeoutSeconds: 20
        sync:
          pollIntervalSeconds: 1
          pageSize: \(pageSize)
        log:
          level: info
        """
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
        return try await client.call(ConnectorAPI.listConnections, Empty(),
                                      options: CallOptions(timeout: .seconds(5))).connections.first
    }

    func shutdown() async {
        await receiver.shutdown()
        await slack.shutdown()
    }
}

/// The `tls` files of a connector configured for mutual TLS (PEM paths).
struct MutualTLSFiles: Sendable {
    /// The connector's certificate (server, and client towards ingestion).
    let certificate: String
    /// Its private key.
    let key: String
    /// The CA that callers' (and ingestion's) certificates must chain to.
    let ca: String
}
