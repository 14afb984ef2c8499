import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import PalisadeTLS
import ServiceLifecycle

/// The connector's parts, wired from a validated configuration: the store, the Slack client,
/// the ingestion client, the forwarder and the service with its workers. `palisade-connector`
/// serves it with `ServiceHost`; the in-process tests and `palisade-bench connector` run it with
/// `BackgroundServices`, so all three wire the same parts the same way.
///
/// Slack being unreachable, a wrong Slack CA or an expired certificate are not start-up
/// failures: they are per-connection conditions that workers retry and report in the
/// connection's status. Only what makes the service itself impossible (the database, the key
/// file, the TLS files) fails here.
public final class ConnectorRuntime: ServiceRuntime {
    /// Settings that tests and benchmarks shorten; the configuration file cannot express them.
    public struct Tuning: Sendable {
        /// Polling and retry settings; nil takes them from the configuration.
        public var sync: SyncSettings?
        /// How often the forwarder looks at the outbox when nobody woke it.
        public var forwarderIdleCheck: Duration = .seconds(5)
        /// The largest Slack response taken; nil keeps the HTTP client's (64 MiB).
        public var slackMaxResponseBytes: Int?

        /// The production settings.
        public init(sync: SyncSettings? = nil, forwarderIdleCheck: Duration = .seconds(5), slackMaxResponseBytes: Int? = nil) {
            self.sync = sync
            self.forwarderIdleCheck = forwarderIdleCheck
            self.slackMaxResponseBytes = slackMaxResponseBytes
        }
    }

    /// The configuration the parts were built from.
    public let configuration: ConnectorConfiguration
    /// Connections, windows and the outbox.
    public let store: ConnectorStore
    /// The RPC service and the connections' workers.
    public let service: ConnectorService
    /// Delivers the outbox to ingestion.
    public let forwarder: OutboxForwarder
    /// The connector's metrics.
    public let metrics: ConnectorMetrics
    private let http: HTTPClient
    private let ingestion: RPCClient

    /// Opens the store (creating the database and the key file on first start) and builds
    /// the clients; nothing runs until the services do.
    public init(configuration: ConnectorConfiguration, logger: Logger, tuning: Tuning = Tuning()) throws(StartupError) {
        self.configuration = configuration
        let oauth: OAuthAppSettings?
        do {
            oauth = try configuration.oauthSettings()
        } catch {
            throw StartupError(message: error.message)
        }
        store = try Self.openStore(configuration)
        do {
            var client = HTTPClient.Configuration(caFile: configuration.slack.caFile)
            if let limit = tuning.slackMaxResponseBytes { client.maxResponseSize = limit }
            http = try HTTPClient(configuration: client)
        } catch {
            throw StartupError(message: "'slack.caFile': \(error.message)")
        }
        do {
            ingestion = try configuration.ingestion.makeClient(tls: configuration.tls, key: "ingestion")
        } catch {
            http.shutdown()
            throw error
        }
        let metrics = ConnectorMetrics()
        self.metrics = metrics
        let forwarder = OutboxForwarder(
            store: store, client: ingestion, metrics: metrics, logger: logger,
            idleCheck: tuning.forwarderIdleCheck)
        self.forwarder = forwarder
        service = ConnectorService(
            store: store, slack: SlackClient(http: http, configuration: configuration.slackClientConfiguration()),
            settings: tuning.sync ?? configuration.syncSettings(), oauth: oauth, metrics: metrics, logger: logger,
            outboxFilled: { forwarder.outboxFilled() }, deliveryStatus: { forwarder.deliveryStatus })
    }

    public var rpcServices: [any RPCService] { [service] }

    /// The forwarder, then the workers: at shutdown the workers stop first, and the forwarder
    /// after them delivers what they stored last (what it cannot deliver stays in the outbox).
    public var services: [any Service] { [forwarder, service] }

    public var startMetadata: Logger.Metadata {
        [
            "database": "\(configuration.database)", "ingestion": "\(configuration.ingestion.address)",
            "slack": "\(configuration.slack.auditBaseUrl)",
        ]
    }

    /// The metrics, with the gauges that describe stored state (outbox entries, dead letters,
    /// each organisation's lag) read from the store now: true at every scrape, also after a restart
    /// and while Slack is unreachable (when no window is stored to update them).
    public func renderMetrics() -> [UInt8] {
        if let snapshot = try? store.gaugeSnapshot() {
            metrics.outboxEntries(snapshot.outboxEntries)
            metrics.deadLetters(snapshot.deadLetters)
            let now = WorkerEnvironment.systemNow()
            for (org, watermark) in snapshot.watermarks { metrics.lag(org, seconds: now - watermark) }
        }
        return metrics.render()
    }

    public func close() {
        ingestion.close()
        http.shutdown()
        try? store.database.close()
    }

    /// A key file is created on first start only. Missing while the database holds
    /// connections, it was lost (a restore without it, a wrong path): a new key would open none
    /// of their tokens, so refuse to start and say what to do.
    private static func checkKeyNotLost(_ configuration: ConnectorConfiguration) throws(StartupError) {
        let key = configuration.secretKeyFile, database = configuration.database
        guard !FileManager.default.fileExists(atPath: key) else { return }
        let connections: Int
        do {
            connections = try ConnectorStore.connectionCount(path: database)
        } catch {
            throw StartupError(message: "refusing to start: cannot open the database 'database' \(database): \(error)")
        }
        guard connections > 0 else { return }
        throw StartupError(
            message: "refusing to start: the key file 'secretKeyFile' \(key) is missing, but the database \(database) holds "
                + "\(connections) connection(s) whose tokens it sealed. Restore the key file from your backup; to start over "
                + "instead, move the database away and add the connections again")
    }

    private static func openStore(_ configuration: ConnectorConfiguration) throws(StartupError) -> ConnectorStore {
        try checkKeyNotLost(configuration)
        let secrets: SecretBox
        do {
            secrets = try SecretBox.loadOrCreateKey(at: configuration.secretKeyFile)
        } catch {
            throw StartupError(message: "'secretKeyFile': \(error.message)")
        }
        do {
            return try ConnectorStore(path: configuration.database, secrets: secrets)
        } catch {
            throw StartupError(message: "refusing to start: cannot open the database 'database' \(configuration.database): \(error)")
        }
    }
}
