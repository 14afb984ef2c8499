import Foundation
import PalisadeMessages
import PalisadeRPC
import Synchronization

/// The measured part of `palisade-bench ingest`: every batch sent through `Ingest` over mutual
/// TLS as the connector sends its outbox. Each of `streams` clients (its own connection, like
/// one connector each) takes the next `batchesPerStream` batches, sends them on one `Ingest`
/// stream, waits for the summary (everything committed), and takes the next ones. Timed from the
/// first call to the last summary.
struct IngestServiceRun {
    let server: IngestionBenchServer
    let batches: [IngestBatch]
    let streams: Int
    let batchesPerStream: Int

    struct Result {
        var seconds = 0.0
        var entries = 0
        var newEntries = 0
        var calls = 0
        /// This process's CPU time (client, server and SQLite) over the wall time, in cores.
        var cores = 0.0
    }

    /// Hands out the next group of batches to whichever stream asks first.
    private final class Claims: Sendable {
        private let next = Atomic<Int>(0)
        func claim(_ count: Int) -> Int { next.wrappingAdd(count, ordering: .relaxed).oldValue }
    }

    func run() async throws -> Result {
        let clients = try (0..<streams).map { _ in try server.client(identity: "connector") }
        defer { for client in clients { client.close() } }
        let claims = Claims()
        let batches = self.batches, perStream = batchesPerStream
        let cpuBefore = ProcessCPU.microseconds(getpid()) ?? 0
        let start = ContinuousClock.now
        var result = try await withThrowingTaskGroup(of: Result.self) { group in
            for client in clients {
                group.addTask {
                    var part = Result()
                    while true {
                        let first = claims.claim(perStream)
                        guard first < batches.count else { return part }
                        let stream = Array(batches[first..<min(first + perStream, batches.count)])
                        let summary = try await client.clientStreaming(IngestionAPI.ingest) { writer in
                            for batch in stream { try await writer.write(batch) }
                        }
                        part.entries += Int(summary.entries)
                        part.newEntries += Int(summary.newEntries)
                        part.calls += 1
                    }
                }
            }
            return try await group.reduce(into: Result()) { total, part in
                total.entries += part.entries
                total.newEntries += part.newEntries
                total.calls += part.calls
            }
        }
        result.seconds = (ContinuousClock.now - start).seconds
        result.cores = ((ProcessCPU.microseconds(getpid()) ?? 0) - cpuBefore) / 1e6 / result.seconds
        return result
    }
}
