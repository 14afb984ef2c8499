import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import ServiceLifecycle
import Synchronization

/// `palisade.connector.v1.Connector`: connections to Slack organisations, one worker each.
///
/// It owns the workers' lives as a swift-service-lifecycle `Service`: `run` resumes every
/// stored connection and, at graceful shutdown, stops them (a window in progress is fetched
/// again after a restart). The RPC methods add, list, sync and remove connections.
public final class ConnectorService: RPCService, Service, Sendable {
    let store: ConnectorStore
    let environment: WorkerEnvironment
    private let workers = Mutex<[String: ConnectionWorker]>([:])
    /// How delivery to ingestion goes, for `ListConnections`.
    private let deliveryStatus: @Sendable () -> DeliveryStatus?
    /// OAuth `state` values handed out by `BeginOAuth`, with their expiry (Unix seconds).
    let pendingOAuth = Mutex<[String: (redirectURI: String, expires: Int64)]>([:])

    /// Makes the service. `outboxFilled` is called whenever new batches are stored (the
    /// forwarder's wake-up); `deliveryStatus` says how the forwarder fares, for `ListConnections`.
    public init(
        store: ConnectorStore, slack: SlackClient, settings: SyncSettings = .init(), oauth: OAuthAppSettings? = nil,
        metrics: ConnectorMetrics, logger: Logger, outboxFilled: @escaping @Sendable () -> Void = {},
        deliveryStatus: @escaping @Sendable () -> DeliveryStatus? = { nil }
    ) {
        self.store = store
        self.deliveryStatus = deliveryStatus
        self.environment = WorkerEnvironment(
            store: store, slack: slack, settings: settings, oauth: oauth, metrics: metrics, outboxFilled: outboxFilled,
            logger: logger, now: WorkerEnvironment.systemNow)
    }

    /// Resumes every stored connection, then runs until graceful shutdown or cancellation and
    /// stops the workers. Throws when the stored connections cannot be read.
    public func run() async throws {
        let records: [ConnectionRecord]
        do {
            records = try await store.connections()
        } catch {
            throw ConnectorError(.unavailable, "cannot resume connections from the database: \(error)")
        }
        for record in records { startWorker(record.id) }
        try? await gracefulShutdown()
        await stopWorkers()
    }

    /// Stops every worker; windows in progress are fetched again after a restart.
    func stopWorkers() async {
        let all = workers.withLock { w -> [ConnectionWorker] in
            defer { w.removeAll() }
            return Array(w.values)
        }
        for worker in all { await worker.stop() }
    }

    /// Starts the connection's worker if none runs, and has it poll now (ending a wait).
    func pollNow(_ id: String) {
        startWorker(id)
        workers.withLock { $0[id] }?.wake()
    }

    func startWorker(_ id: String) {
        let worker = ConnectionWorker(id: id, environment: environment)
        let started = workers.withLock { w -> Bool in
            guard w[id] == nil else { return false }
            w[id] = worker
            return true
        }
        if started { worker.start() }
    }

    public var routes: [RPCRoute] {
        [
            .unary(ConnectorAPI.addConnection) { [self] request, _ in
                try await addConnection(token: request.token, backfillDays: Int(request.backfillDays), credential: "token")
            },
            .unary(ConnectorAPI.beginOAuth) { [self] request, _ in try beginOAuth(redirectURI: request.redirectURI) },
            .unary(ConnectorAPI.completeOAuth) { [self] request, _ in try await completeOAuth(request) },
            .unary(ConnectorAPI.listConnections) { [self] _, _ in try await list() },
            .unary(ConnectorAPI.sync) { [self] request, _ in try await sync(request.id) },
            .unary(ConnectorAPI.removeConnection) { [self] request, _ in
                try await remove(request.id)
                return Empty()
            },
        ]
    }

    // MARK: Operations (the RPC methods, callable directly)

    /// Every connection with its status.
    public func list() async throws -> ConnectionList {
        let pending = try await store.pendingEntries()
        let deadLettered = try await store.deadLetterCounts()
        let records = try await store.connections()
        return ConnectionList(
            connections: records.map {
                $0.info(pending: pending[$0.id] ?? 0, deadLettered: deadLettered[$0.id] ?? 0, clockSkew: clockSkew($0.id))
            },
            delivery: deliveryStatus())
    }

    /// Polls a connection now: ends a poll interval or a retry backoff early, and restarts a
    /// connection stopped on an error. The status says "Retrying" until a page arrives; it
    /// never claims health before Slack answered.
    public func sync(_ ref: String) async throws -> ConnectionInfo {
        guard let record = try await store.connection(ref) else { throw ConnectorError(.notFound, "no connection '\(ref)'") }
        if record.state == .error {
            try await store.setState(record.id, .retrying, error: "retrying on request (Sync) after: \(record.lastError)")
        }
        pollNow(record.id)
        return try await info(record.id)
    }

    /// Stops and removes a connection (batches already fetched are still delivered).
    public func remove(_ ref: String) async throws {
        guard let record = try await store.connection(ref) else { throw ConnectorError(.notFound, "no connection '\(ref)'") }
        let worker = workers.withLock { $0.removeValue(forKey: record.id) }
        await worker?.stop()
        try await store.remove(record.id)
        environment.logger.notice("connection removed", metadata: ["connection": "\(record.id)", "org": "\(record.orgID)"])
    }

    func info(_ id: String) async throws -> ConnectionInfo {
        guard let record = try await store.connection(id) else { throw ConnectorError(.notFound, "no connection '\(id)'") }
        let pending = try await store.pendingEntries()
        let deadLettered = try await store.deadLetterCounts()
        return record.info(pending: pending[id] ?? 0, deadLettered: deadLettered[id] ?? 0, clockSkew: clockSkew(id))
    }

    /// The clock skew the connection's worker last measured (0 until its first page).
    private func clockSkew(_ id: String) -> Int64 {
        workers.withLock { $0[id] }?.lastClockSkew.withLock { $0 } ?? 0
    }
}
