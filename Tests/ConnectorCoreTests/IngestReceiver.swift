import ConnectorCore
import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Synchronization

/// A minimal `Ingest` server for tests (until the ingestion service exists): it records every
/// entry it is sent, in arrival order, can fail every Nth call to test redelivery, and can
/// refuse every call carrying particular entries, as ingestion refuses an invalid one.
final class IngestReceiver: Sendable {
    private let recorder: IngestRecorder
    let server: RPCServer

    init(failEvery: Int = 0, port: Int = 0) throws {
        var logger = Logger(label: "ingest-receiver")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: port, security: .plaintext)
        configuration.eventLoopCount = 1
        configuration.handlerExecution = .globalPool
        recorder = IngestRecorder(failEvery: failEvery)
        server = try RPCServer(
            configuration: configuration, services: [recorder], authorizer: LoopbackPlaintextAuthorizer(), logger: logger)
        _ = try server.start()
    }

    var port: Int { server.localAddress?.port ?? 0 }

    /// Makes every Nth call fail from now on (0: none).
    func setFailEvery(_ n: Int) { recorder.failEvery.store(n, ordering: .relaxed) }

    /// From now on, answers every call carrying one of `ids` with `code` (acknowledging
    /// nothing), naming the batch and the entry as ingestion does; an empty set refuses nothing.
    func refuse(_ ids: Set<String>, with code: StatusCode = .invalidArgument) {
        recorder.refusal.withLock { $0 = ids.isEmpty ? nil : (ids, code) }
    }

    /// Calls received, acknowledged or not.
    var calls: Int { recorder.state.withLock { $0.calls } }

    /// Ids in arrival order (with repeats, if any were delivered twice).
    var ids: [String] { recorder.state.withLock { $0.ids } }
    /// How many times each id arrived.
    var counts: [String: Int] { recorder.state.withLock { $0.counts } }
    /// `date_create` of each arrival, in order.
    var dates: [Int64] { recorder.state.withLock { $0.dates } }
    var distinctCount: Int { recorder.state.withLock { $0.counts.count } }
    var batchesOutOfOrder: Int { recorder.state.withLock { $0.outOfOrderBatches } }

    func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

/// The receiver's `Ingest` route and what it recorded.
private final class IngestRecorder: RPCService, Sendable {
    struct State {
        var ids: [String] = []
        var counts: [String: Int] = [:]
        var dates: [Int64] = []
        var calls = 0
        var batches = 0
        var lastBatchID: UInt64 = 0
        var outOfOrderBatches = 0
    }
    let state = Mutex(State())
    /// Every Nth call fails (0: none); a test may change it while calls arrive.
    let failEvery: Atomic<Int>
    /// Entries whose presence fails a call, and the status it fails with.
    let refusal = Mutex<(ids: Set<String>, code: StatusCode)?>(nil)

    init(failEvery: Int) { self.failEvery = Atomic(failEvery) }

    var routes: [RPCRoute] {
        [.clientStreaming(IngestionAPI.ingest) { [self] batches, _ in try await receive(batches) }]
    }

    private func receive(_ batches: RPCMessages<IngestBatch>) async throws -> IngestSummary {
        let call = state.withLock { s -> Int in
            s.calls += 1
            return s.calls
        }
        var summary = IngestSummary()
        var received: [(id: String, date: Int64)] = []
        var batchIDs: [UInt64] = []
        let refusal = refusal.withLock { $0 }
        var refused: String?
        for try await batch in batches {
            summary.batches += 1
            summary.lastBatchID = batch.batchID
            batchIDs.append(batch.batchID)
            // Every entry must be one audit entry object: scan the batch as one page.
            var page = Array(#"{"entries":["#.utf8)
            for (i, entry) in batch.entries.enumerated() {
                if i > 0 { page.append(UInt8(ascii: ",")) }
                page.append(contentsOf: entry)
            }
            page.append(contentsOf: Array("]}".utf8))
            guard case .page(let scanned) = try? AuditPageScanner().scan(page), scanned.entries.count == batch.entries.count else {
                throw RPCError(.invalidArgument, "batch \(batch.batchID): an entry is not an audit entry")
            }
            for (index, entry) in scanned.entries.enumerated() {
                if refused == nil, let refusal, refusal.ids.contains(entry.id) {
                    refused = "batch \(batch.batchID) entry \(index): \(entry.id) refused on purpose"
                }
                received.append((entry.id, entry.dateCreate))
            }
        }
        if let refusal, let refused { throw RPCError(refusal.code, refused) }
        let failEvery = failEvery.load(ordering: .relaxed)
        if failEvery > 0, call % failEvery == 0 {
            throw RPCError(.unavailable, "receiver failing call \(call) on purpose")
        }
        // Recorded only when acknowledged, like a real store that commits before answering.
        state.withLock { s in
            for batchID in batchIDs {
                if batchID <= s.lastBatchID { s.outOfOrderBatches += 1 }
                s.lastBatchID = batchID
            }
            for (id, date) in received {
                s.ids.append(id)
                s.dates.append(date)
                s.counts[id, default: 0] += 1
                if s.counts[id] == 1 { summary.newEntries += 1 }
            }
            s.batches += Int(summary.batches)
        }
        summary.entries = UInt64(received.count)
        return summary
    }
}
