import ConnectorCore
import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS

/// A Slack simulator over HTTPS, a connector core (store, service, forwarder) in a temporary
/// directory, and an Ingest receiver: the pipeline under test, all in this process.
final class ConnectorHarness: Sendable {
    /// The Slack side: simulator, its HTTPS server, the CA file and the temporary directory.
    let slack: SlackSimulatorFixture
    let receiver: IngestReceiver
    let store: ConnectorStore
    let service: ConnectorService
    let forwarder: OutboxForwarder
    let http: HTTPClient
    let ingestClient: RPCClient

    var directory: String { slack.directory }
    var simulator: SlackSimulator { slack.simulator }
    var caFile: String { slack.caFile }
    var slackBase: String { slack.baseURL }

    /// The scenario's entries span six days ending a minute ago, so a 7-day backfill started
    /// after the (slow, in debug builds) generation still covers them all.
    static func scenario(entries: Int, seed: UInt64 = 7, days: Int = 6) -> Scenario {
        let end = Int64(Date().timeIntervalSince1970) - 60
        return Scenario.generate(ScenarioConfiguration(seed: seed, users: 60, workspaces: 3, end: end, days: days, entries: entries))
    }

    init(entries: [SimEntry], simulatorConfiguration: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
         settings: SyncSettings = ConnectorHarness.fastSettings, oauth: OAuthAppSettings? = nil, receiverFailEvery: Int = 0) async throws {
        let slack = try SlackSimulatorFixture(entries: entries, configuration: simulatorConfiguration, directoryPrefix: "connector")
        self.slack = slack
        var logger = Logger(label: "connector-test")
        logger.logLevel = .critical

        receiver = try IngestReceiver(failEvery: receiverFailEvery)
        http = try HTTPClient(configuration: .init(caFile: slack.caFile))
        let slackClient = SlackClient(http: http, configuration: .init(auditBaseURL: slack.baseURL, webAPIBaseURL: slack.baseURL,
                                                                       timeout: .seconds(20)))
        store = try ConnectorStore(path: slack.directory + "/connector.sqlite",
                                   secrets: try SecretBox.loadOrCreateKey(at: slack.directory + "/connector.key"))
        let metrics = ConnectorMetrics()
        ingestClient = try RPCClient(configuration: .init(host: "127.0.0.1", port: receiver.port, security: .plaintext))
        let forwarder = OutboxForwarder(store: store, client: ingestClient, metrics: metrics, logger: logger, idleCheck: .milliseconds(200))
        self.forwarder = forwarder
        service = ConnectorService(store: store, slack: slackClient, settings: settings, oauth: oauth, metrics: metrics, logger: logger,
                                   outboxFilled: { forwarder.outboxFilled() })
        forwarder.start()
        try await service.start()
    }

    /// Runs `body` with a harness and always shuts it down.
    static func with(entries: [SimEntry], simulator: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
                     settings: SyncSettings = ConnectorHarness.fastSettings, oauth: OAuthAppSettings? = nil,
                     receiverFailEvery: Int = 0, _ body: (ConnectorHarness) async throws -> Void) async throws {
        let harness = try await ConnectorHarness(entries: entries, simulatorConfiguration: simulator, settings: settings,
                                                 oauth: oauth, receiverFailEvery: receiverFailEvery)
        do {
            try await body(harness)
        } catch {
            await harness.shutdown()
            throw error
        }
        await harness.shutdown()
    }

    /// The simulator's development token.
    static let token = SimulatorToken.development.value

    /// Quick polls and retries, so tests spend their time on the data.
    static var fastSettings: SyncSettings {
        var s = SyncSettings()
        s.pollInterval = .milliseconds(300)
        s.baseBackoff = .milliseconds(50)
        s.maxBackoff = .milliseconds(400)
        s.pageSize = 2000
        return s
    }

    /// Waits until `condition` holds, up to `timeout`.
    func waitUntil(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// The only connection's info.
    func connection() async throws -> ConnectionInfo? {
        try await service.list().connections.first
    }

    func shutdown() async {
        await service.stop()
        await forwarder.stop()
        ingestClient.close()
        await receiver.shutdown()
        http.shutdown()
        await slack.shutdown()
    }
}
