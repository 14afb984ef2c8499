import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import ServiceLifecycle
import Synchronization

/// Delivers the outbox to ingestion: `Ingest` calls (a client stream of batches), oldest batch
/// first; a batch is deleted only once a call carrying it was acknowledged. A failed call
/// acknowledges nothing, so its batches are sent again (ingestion de-duplicates by entry id).
///
/// A swift-service-lifecycle `Service`: it delivers until graceful shutdown (or cancellation),
/// finishing or abandoning the call in flight, whose unacknowledged batches stay in the outbox.
public final class OutboxForwarder: Service, Sendable {
    private let store: ConnectorStore
    private let client: RPCClient
    private let metrics: ConnectorMetrics
    private let logger: Logger
    private let wakeup = Wakeup()
    /// Batches per call: enough to keep the stream busy, few enough that a failure resends little.
    private let batchesPerCall: Int
    private let bytesPerCall: Int
    private let idleCheck: Duration
    private let delivered = Atomic<Int>(0)
    private let status = Mutex(DeliveryStatus())

    /// Makes a forwarder calling ingestion through `client`.
    public init(
        store: ConnectorStore, client: RPCClient, metrics: ConnectorMetrics, logger: Logger,
        batchesPerCall: Int = 32, bytesPerCall: Int = 64 << 20, idleCheck: Duration = .seconds(5)
    ) {
        self.store = store
        self.client = client
        self.metrics = metrics
        self.logger = logger
        self.batchesPerCall = batchesPerCall
        self.bytesPerCall = bytesPerCall
        self.idleCheck = idleCheck
    }

    /// Entries acknowledged by ingestion since start.
    public var entriesDelivered: Int { delivered.load(ordering: .relaxed) }

    /// How delivery goes: failing since when and why, or when ingestion last acknowledged.
    public var deliveryStatus: DeliveryStatus { status.withLock { $0 } }

    /// New batches are waiting: deliver now rather than at the next idle check.
    public func outboxFilled() { wakeup.signal() }

    /// Delivers until graceful shutdown or cancellation.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.deliver() }
    }

    private func deliver() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let batches = try await store.pendingBatches(limit: batchesPerCall, maxBytes: bytesPerCall)
                if batches.isEmpty {
                    await wakeup.wait(timeout: idleCheck)
                    continue
                }
                let summary = try await send(batches)
                try await store.acknowledge(batches.map(\.seq))
                let count = batches.reduce(0) { $0 + $1.entries.count }
                delivered.add(count, ordering: .relaxed)
                metrics.entriesDelivered(count)
                status.withLock { $0 = DeliveryStatus(lastDelivered: Date()) }
                metrics.deliveryFailing(false)
                failures = 0
                logger.debug(
                    "batches delivered",
                    metadata: [
                        "batches": "\(batches.count)", "entries": "\(count)", "new": "\(summary.newEntries)",
                    ])
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                let wait = Self.backoff(failures)
                // Cancellation surfaces as an RPC error too; don't log a shutdown as a failure.
                if Task.isCancelled { return }
                let since = recordFailure(error)
                logger.warning(
                    "delivery to ingestion failed; will retry",
                    metadata: ["error": "\(error)", "failing_since": "\(since)", "wait": "\(wait)"])
                try? await Task.sleep(for: wait)
            }
        }
    }

    /// Notes a failed call for `palisade connections` and the metrics; returns when the
    /// current run of failures began.
    private func recordFailure(_ error: any Error) -> Date {
        metrics.deliveryFailing(true)
        return status.withLock { current in
            let since = current.failingSince ?? Date()
            current = DeliveryStatus(failing: true, failingSince: since, lastError: "\(error)", lastDelivered: current.lastDelivered)
            return since
        }
    }

    private func send(_ batches: [OutboxBatch]) async throws -> IngestSummary {
        try await client.clientStreaming(IngestionAPI.ingest) { writer in
            for batch in batches {
                try await writer.write(
                    IngestBatch(
                        orgID: batch.orgID, connectionID: batch.connectionID,
                        batchID: UInt64(batch.seq), entries: batch.entries))
            }
        }
    }

    /// Capped exponential backoff with jitter: 0.5 s doubling to 60 s.
    static func backoff(_ failures: Int) -> Duration {
        SyncSettings.jitteredBackoff(afterFailures: failures, base: .milliseconds(500), max: .seconds(60))
    }
}
