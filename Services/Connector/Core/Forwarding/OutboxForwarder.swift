import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeWire
import ServiceLifecycle
import Synchronization

/// Delivers the outbox to ingestion: `Ingest` calls (a client stream of batches), oldest batch
/// first; a batch is deleted only once a call carrying it was acknowledged. A failed call
/// acknowledges nothing, so its batches are sent again (ingestion de-duplicates by entry id).
///
/// A call refused for good (`IngestionAPI.finalStatuses`) is not sent again as it was: the
/// refused entry is found by halves (`RefusalSearch`) and moved to the dead-letter table, and
/// the entries around it are delivered, once each and in order.
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
        var search: RefusalSearch?
        while !Task.isCancelled {
            do {
                let head = try await store.pendingBatches(limit: batchesPerCall, maxBytes: bytesPerCall)
                if head.isEmpty {
                    search = nil
                    await wakeup.wait(timeout: idleCheck)
                    continue
                }
                search = try await deliver(head, search: search)
                failures = 0
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

    /// One call: the whole head of the outbox, or, while a refused entry is searched for, the
    /// part of it the search says (or no call: the entry found moves to the dead-letter table).
    /// Returns the search to go on with. A final refusal is an answer, not a failure: it starts
    /// or narrows the search at once. What should be retried after a wait is thrown.
    private func deliver(_ head: [OutboxBatch], search: RefusalSearch?) async throws -> RefusalSearch? {
        let available = head.reduce(0) { $0 + $1.entries.count }
        // The head changes only through this forwarder, so a search always fits it; if it did
        // not, starting again from the whole head is safe.
        let search = search.flatMap { $0.count <= available ? $0 : nil }
        let prefix: OutboxPrefix
        switch search?.next {
        case .deadLetter(let refusal):
            try await deadLetter(OutboxPrefix(head, entries: 1), refusal)
            return nil
        case .send(let entries):
            prefix = OutboxPrefix(head, entries: entries)
        case nil:
            prefix = OutboxPrefix(head)
        }
        let summary: IngestSummary
        do {
            summary = try await send(prefix.batches)
        } catch let refusal as RPCError where IngestionAPI.finalStatuses.contains(refusal.code) && !Task.isCancelled {
            if search == nil {
                logger.warning(
                    "ingestion refused a call for good; looking for the refused entries by halves",
                    metadata: ["entries": "\(prefix.entryCount)", "error": "\(refusal)"])
            }
            return RefusalSearch(refused: prefix.entryCount, refusal)
        }
        try await store.acknowledge(prefix)
        let count = prefix.entryCount
        delivered.add(count, ordering: .relaxed)
        metrics.entriesDelivered(count)
        status.withLock { $0 = DeliveryStatus(lastDelivered: Date()) }
        metrics.deliveryFailing(false)
        logger.debug(
            "batches delivered",
            metadata: ["batches": "\(prefix.batches.count)", "entries": "\(count)", "new": "\(summary.newEntries)"])
        return search?.accepted(count)
    }

    /// Moves an entry refused alone to the dead-letter table (with its removal from the outbox,
    /// in one transaction) and says so: the id only, never the content.
    private func deadLetter(_ prefix: OutboxPrefix, _ refusal: RPCError) async throws {
        let letters = try await store.deadLetter(prefix, refusal: refusal, now: Int64(Date().timeIntervalSince1970))
        for letter in letters {
            metrics.deadLettered(letter.orgID)
            logger.error(
                "audit entry refused by ingestion for good; kept in the dead-letter table, delivery goes on",
                metadata: [
                    "entry": "\(letter.entryID)", "connection": "\(letter.connectionID)", "org": "\(letter.orgID)",
                    "batch": "\(letter.batchSeq)", "error": "\(refusal)",
                ])
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
