import ConnectorCore
import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS
#if canImport(Glibc)
import Glibc
#endif

/// The outside world of a `palisade-connector` process under test, in this process: a Slack
/// simulator over HTTPS (its CA in the temporary directory) and an Ingest receiver on loopback
/// h2c, plus the connector's config file pointing at both.
final class ConnectorProcessFixture: Sendable {
    let directory: String
    let simulator: SlackSimulator
    let simulatorServer: SlackSimulatorServer
    let receiver: IngestReceiver
    let caFile: String
    let slackBase: String
    let configFile: String

    init(entries: [SimEntry], simulator configuration: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
         pageSize: Int = 500) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("connector-process-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "connector-process-test")
        logger.logLevel = .critical
        let pki = try TestPKI(serverName: "localhost")
        caFile = directory + "/slack-ca.pem"
        try pki.root.certificatePEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        simulator = SlackSimulator(configuration: configuration)
        simulator.append(entries)
        simulatorServer = try SlackSimulatorServer(
            simulator: simulator, tls: try TLSContext(server: pki.serverConfiguration(clientCertificate: .none)), logger: logger)
        try simulatorServer.start()
        slackBase = "https://localhost:\(simulatorServer.port ?? 0)"
        receiver = try IngestReceiver()
        configFile = directory + "/connector.yaml"
        try Self.config(directory: directory, ingestionPort: receiver.port, slackBase: slackBase, caFile: caFile,
                        pageSize: pageSize)
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

    /// A plaintext-on-loopback connector config; port 0 so parallel tests never collide.
    static func config(directory: String, ingestionPort: Int, slackBase: String, caFile: String, pageSize: Int) -> String {
        """
        listen: 127.0.0.1:0
        tls:
          plaintext: true
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
        return try await client.unary(ConnectorAPI.listConnections, Empty(), as: ConnectionList.self,
                                      options: CallOptions(timeout: .seconds(5))).connections.first
    }

    func shutdown() async {
        await receiver.shutdown()
        await simulatorServer.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
