import ConnectorCore
import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator

/// A Slack simulator over HTTPS, a connector runtime (store, service, forwarder, as
/// `palisade-connector` wires them) in a temporary directory, and an Ingest receiver: the
/// pipeline under test, all in this process.
final class ConnectorHarness: Sendable {
    /// The Slack side: simulator, its HTTPS server, the CA file and the temporary directory.
    let slack: SlackSimulatorFixture
    let receiver: IngestReceiver
    let runtime: ConnectorRuntime
    /// The test's own HTTPS client towards Slack (the simulator's CA trusted), for the steps a
    /// browser or a crashed connector would take.
    let http: HTTPClient
    private let parts: BackgroundServices

    var store: ConnectorStore { runtime.store }
    var service: ConnectorService { runtime.service }
    var forwarder: OutboxForwarder { runtime.forwarder }
    var simulator: SlackSimulator { slack.simulator }
    var slackBase: String { slack.baseURL }

    /// The scenario's entries span six days ending a minute ago, so a 7-day backfill started
    /// after the (slow, in debug builds) generation still covers them all.
    static func scenario(entries: Int, seed: UInt64 = 7, days: Int = 6) -> Scenario {
        let end = Int64(Date().timeIntervalSince1970) - 60
        return Scenario.generate(ScenarioConfiguration(seed: seed, users: 60, workspaces: 3, end: end, days: days, entries: entries))
    }

    init(
        entries: [SimEntry], simulatorConfiguration: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
        settings: SyncSettings = ConnectorHarness.fastSettings, oauth: OAuthAppSettings? = nil, receiverFailEvery: Int = 0,
        slackMaxResponseBytes: Int? = nil
    ) async throws {
        let slack = try SlackSimulatorFixture(entries: entries, configuration: simulatorConfiguration, directoryPrefix: "connector")
        self.slack = slack
        var logger = Logger(label: "connector-test")
        logger.logLevel = .critical

        receiver = try IngestReceiver(failEvery: receiverFailEvery)
        http = try HTTPClient(configuration: .init(caFile: slack.caFile))
        var configuration = ConnectorConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: .plaintextOnLoopback,
            database: slack.directory + "/connector.sqlite", secretKeyFile: slack.directory + "/connector.key",
            ingestion: PeerSection(address: try ListenAddress(host: "127.0.0.1", port: receiver.port), serverName: "ingestion"))
        configuration.slack.auditBaseUrl = slack.baseURL
        configuration.slack.webApiBaseUrl = slack.baseURL
        configuration.slack.caFile = slack.caFile
        configuration.slack.timeoutSeconds = 20
        if let oauth {
            configuration.slack.clientId = oauth.clientID
            configuration.slack.clientSecretFile = slack.directory + "/client-secret"
            configuration.slack.authorizeUrl = oauth.authorizeURL
            try oauth.clientSecret.write(toFile: slack.directory + "/client-secret", atomically: false, encoding: .utf8)
        }
        runtime = try ConnectorRuntime(
            configuration: configuration, logger: logger,
            tuning: .init(sync: settings, forwarderIdleCheck: .milliseconds(200), slackMaxResponseBytes: slackMaxResponseBytes))
        parts = BackgroundServices(runtime.services, logger: logger)
    }

    /// Runs `body` with a harness and always shuts it down.
    static func with(
        entries: [SimEntry], simulator: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0),
        settings: SyncSettings = ConnectorHarness.fastSettings, oauth: OAuthAppSettings? = nil,
        receiverFailEvery: Int = 0, slackMaxResponseBytes: Int? = nil, _ body: (ConnectorHarness) async throws -> Void
    ) async throws {
        let harness = try await ConnectorHarness(
            entries: entries, simulatorConfiguration: simulator, settings: settings,
            oauth: oauth, receiverFailEvery: receiverFailEvery, slackMaxResponseBytes: slackMaxResponseBytes)
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
        await parts.shutdown()
        runtime.close()
        http.shutdown()
        await receiver.shutdown()
        await slack.shutdown()
    }
}
