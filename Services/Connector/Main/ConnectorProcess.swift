import ConnectorCore
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeService
import PalisadeTLS
import PalisadeStorage
import PalisadeWire

/// The connector's parts assembled from a validated configuration, and their life: start,
/// serve until SIGTERM/SIGINT, then shut down in order.
///
/// Slack being unreachable, a wrong Slack CA or an expired certificate are not start-up
/// failures: they are per-connection conditions that workers retry and report in the
/// connection's status. Only what makes the service itself impossible (the database, the key
/// file, the TLS files, the listening port) stops it from starting.
struct ConnectorProcess {
    let configuration: ConnectorConfiguration
    let logger = Logger(label: "palisade.connector")

    func run() async throws {
        let store = try openStore()
        let http: HTTPClient
        do {
            http = try HTTPClient(configuration: .init(caFile: configuration.slack.caFile))
        } catch {
            throw StartupError(message: "'slack.caFile': \(error.message)")
        }
        defer { http.shutdown() }
        let slack = SlackClient(http: http, configuration: configuration.slackClientConfiguration())
        let metrics = ConnectorMetrics()
        let ingestClient = try makeIngestionClient()
        defer { ingestClient.close() }
        let forwarder = OutboxForwarder(store: store, client: ingestClient, metrics: metrics, logger: logger)
        let service = ConnectorService(
            store: store, slack: slack, settings: configuration.syncSettings(), oauth: try configuration.oauthSettings(),
            metrics: metrics, logger: logger, outboxFilled: { forwarder.outboxFilled() })
        let server = try makeServer(service: service, metrics: metrics)

        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            throw StartupError(message: "'listen' \(configuration.listen): \(error.message)")
        }
        let metricsListener: MetricsListener?
        do {
            metricsListener = try startMetricsListener(metrics)
        } catch {
            server.beginGracefulShutdown()
            throw error
        }
        defer { metricsListener?.stop() }  // for the failures below; shutdown stops it in order
        forwarder.start()
        do {
            try await service.start()
        } catch {
            await forwarder.stop()
            throw StartupError(message: "cannot resume connections from \(configuration.database): \(error)")
        }
        var started: Logger.Metadata = [
            "listen": "\(address)", "tls": "\(configuration.tls.plaintext ? "plaintext" : "mtls")",
            "database": "\(configuration.database)", "ingestion": "\(configuration.ingestion.address)",
            "slack": "\(configuration.slack.auditBaseUrl)",
        ]
        if let bound = metricsListener?.boundAddress { started["metrics"] = "\(bound)" }
        logger.notice("connector started", metadata: started)

        // The server drains first (no new calls, in-flight ones finish), then the metrics
        // listener stops, then the workers (a window in progress is fetched again after a
        // restart), then the forwarder (batches not acknowledged stay in the outbox), then the
        // database closes.
        var failure: (any Error)?
        do {
            try await ServiceRunner.run([RPCServerService(server: server)], logger: logger)
        } catch {
            failure = error
        }
        metricsListener?.stop()
        await service.stop()
        await forwarder.stop()
        try? store.database.close()
        logger.notice("connector stopped")
        if let failure { throw failure }
    }

    /// The plain HTTP/1.1 `/metrics` listener when `metrics.listen` is set (Prometheus cannot
    /// scrape the HTTP/2-only RPC port), started; nil when it is not set.
    private func startMetricsListener(_ metrics: ConnectorMetrics) throws(StartupError) -> MetricsListener? {
        guard let address = configuration.metrics.listen else { return nil }
        let listener = MetricsListener(address: address) { metrics.render() }
        do {
            try listener.start()
        } catch {
            throw StartupError(message: "'metrics.listen' \(address): \(error.reason)")
        }
        return listener
    }

    private func openStore() throws(StartupError) -> ConnectorStore {
        let secrets: SecretBox
        do {
            secrets = try SecretBox.loadOrCreateKey(at: configuration.secretKeyFile)
        } catch {
            throw StartupError(message: "'secretKeyFile': \(error.message)")
        }
        do {
            return try ConnectorStore(path: configuration.database, secrets: secrets)
        } catch {
            throw StartupError(message: "refusing to start: cannot open the database 'database' "
                + "\(configuration.database): \(error)")
        }
    }

    private func makeIngestionClient() throws(StartupError) -> RPCClient {
        let tls = configuration.tls
        let target = configuration.ingestion
        let security: TransportSecurity
        do {
            if tls.plaintext {
                security = .plaintext
            } else {
                security = .tls(try TLSContext(client: .client(
                    trustRoots: .file(tls.ca), certificateChain: .file(tls.certificate), privateKey: .file(tls.key))))
            }
            return try RPCClient(configuration: .init(
                host: target.address.host, port: target.address.port, security: security,
                serverName: tls.plaintext ? nil : target.serverName))
        } catch {
            throw StartupError(message: "'ingestion': \(error)")
        }
    }

    private func makeServer(service: ConnectorService, metrics: ConnectorMetrics) throws(StartupError) -> RPCServer {
        let tls = configuration.tls
        do {
            let security: TransportSecurity
            let authorizer: any RPCAuthorizer
            if tls.plaintext {
                security = .plaintext
                authorizer = LoopbackPlaintextAuthorizer()
            } else {
                security = .tls(try TLSContext(server: .server(
                    certificateChain: .file(tls.certificate), privateKey: .file(tls.key),
                    trustRoots: .file(tls.ca), clientCertificate: .required)))
                authorizer = AllowListAuthorizer()
            }
            var server = RPCServerConfiguration(
                host: configuration.listen.host, port: configuration.listen.port, security: security)
            // Handlers touch SQLite and wait on Slack: keep them off the event loops.
            server.handlerExecution = .globalPool
            server.httpHandler = MetricsEndpoint.handler(metrics)
            return try RPCServer(configuration: server, services: [service], authorizer: authorizer, logger: logger)
        } catch {
            throw StartupError(message: "'tls': \(error)")
        }
    }
}
