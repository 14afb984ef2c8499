import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Synchronization

/// The cheapest possible `Ingest` peer for `palisade-bench connector`: it decodes each
/// `IngestBatch` (the RPC layer has to) and only counts entries, so the figure measures the
/// connector, not a store. No JSON is parsed here on purpose.
final class ConnectorCountingReceiver: Sendable {
    private let counter = EntryCounter()
    private let server: RPCServer

    init(logger: Logger) throws {
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        // One loop, handlers on it: the receiver should take as little of the two cores as it can.
        configuration.eventLoopCount = 1
        configuration.handlerExecution = .eventLoop
        // The forwarder's batches are up to 3 MiB; leave room for framing.
        configuration.maxMessageSize = 8 << 20
        server = try RPCServer(configuration: configuration, services: [counter], authorizer: LoopbackPlaintextAuthorizer(), logger: logger)
        _ = try server.start()
    }

    /// The bound port.
    var port: Int { server.localAddress?.port ?? 0 }

    /// Entries counted so far (duplicates included).
    var entries: Int { counter.state.withLock { $0.entries } }

    /// Returns once `count` entries were counted. One waiter at a time.
    func waitFor(_ count: Int) async { await counter.waitFor(count) }

    /// Resumes a pending waiter without the target being met (used on timeout).
    func cancelWait() { counter.cancelWait() }

    func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

/// The receiver's `Ingest` route and its count.
private final class EntryCounter: RPCService, Sendable {
    struct State {
        var entries = 0
        var target = Int.max
        var waiter: CheckedContinuation<Void, Never>?
    }

    let state = Mutex(State())

    var routes: [RPCRoute] {
        [.clientStreaming(IngestionAPI.ingest) { [self] batches, _ in try await receive(batches) }]
    }

    /// Returns once `count` entries were counted. One waiter at a time.
    func waitFor(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.entries >= count { return true }
                s.target = count
                s.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Resumes a pending waiter without the target being met (used on timeout).
    func cancelWait() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    private func receive(_ batches: RPCMessages<IngestBatch>) async throws -> IngestSummary {
        var summary = IngestSummary()
        for try await batch in batches {
            summary.batches += 1
            summary.entries += UInt64(batch.entries.count)
            summary.lastBatchID = batch.batchID
        }
        // Counted only once the whole call arrived, as a real receiver acknowledges after storing.
        summary.newEntries = summary.entries
        let added = Int(summary.entries)
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.entries += added
            guard s.entries >= s.target, let waiter = s.waiter else { return nil }
            s.waiter = nil
            return waiter
        }
        waiter?.resume()
        return summary
    }
}
