import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Synchronization
import Testing

@testable import IngestionCore

@Suite("Subscribe: resume, follow live, prune")
struct SubscribeTests {
    func batch(_ range: Range<Int>, id: UInt64) -> IngestBatch {
        IngestBatch(orgID: "E1", batchID: id, entries: range.map { IngestionHarness.entry("s\($0)", at: 1_789_372_000 + Int64($0)) })
    }

    @Test func resumesAndFollowsNewCommitsInOrder() async throws {
        let harness = try IngestionHarness()
        _ = try await harness.ingest([batch(0..<1_200, id: 1)])
        let received = Mutex<[UInt64]>([])
        let client = harness.client
        let following = Task {
            try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: 100)) { activities in
                for try await activity in activities {
                    let count = received.withLock { list in
                        list.append(activity.sequence)
                        return list.count
                    }
                    if count == 1_300 { return }
                }
            }
        }
        // New commits while the subscriber reads: it must see them after the backlog, once each.
        for id in 2...5 {
            _ = try await harness.ingest([batch((1_200 + (Int(id) - 2) * 50)..<(1_200 + (Int(id) - 1) * 50), id: UInt64(id))])
        }
        try await following.value
        let sequences = received.withLock { $0 }
        #expect(sequences == Array(101...1_400))
        await harness.shutdown()
    }

    @Test func aSubscriberBehindTheRetainedRangeIsTold() async throws {
        let harness = try IngestionHarness(retentionDays: 1)
        _ = try await harness.ingest([batch(0..<10, id: 1)])
        let recent = IngestionHarness.entry("recent", at: Int64(Date().timeIntervalSince1970))
        _ = try await harness.ingest([IngestBatch(orgID: "E1", batchID: 2, entries: [recent])])
        let pruned = try await harness.runtime.store.prune(before: Int64(Date().timeIntervalSince1970) - 86_400, limit: 100)
        #expect(pruned == 10)
        var refused: RPCError?
        do {
            _ = try await harness.client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: 3)) { activities in
                try await activities.reduce(0) { count, _ in count + 1 }
            }
        } catch { refused = error }
        #expect(refused?.code == .outOfRange && refused?.message.contains("the lowest stored sequence is 11") == true)
        let stats = try await harness.client.call(IngestionAPI.getStats, Empty())
        #expect(stats.activities == 1 && stats.firstSequence == 11 && stats.lastSequence == 11)
        #expect(stats.geoipBuilt == Date(timeIntervalSince1970: TimeInterval(IngestionHarness.geoipBuilt)) && stats.retentionDays == 1)
        await harness.shutdown()
    }

    /// A subscriber that stops reading holds what flow control lets through, and `Ingest` goes on.
    @Test func aStalledSubscriberNeverBlocksIngest() async throws {
        let harness = try IngestionHarness()
        _ = try await harness.ingest([batch(0..<10, id: 1)])
        let client = harness.client
        let released = AsyncStream<Void>.makeStream()
        let stalled = Task {
            try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest()) { activities in
                var iterator = activities.makeAsyncIterator()
                _ = try await iterator.next()
                for await _ in released.stream { break }
                return 0
            }
        }
        for id in 2...11 {
            let start = 10 + (id - 2) * 2_000
            let summary = try await harness.ingest([batch(start..<(start + 2_000), id: UInt64(id))])
            #expect(summary.newEntries == 2_000)
        }
        released.continuation.yield()
        _ = try await stalled.value
        #expect(try await harness.client.call(IngestionAPI.getStats, Empty()).lastSequence == 20_010)
        await harness.shutdown()
    }

    @Test func aShutdownEndsLiveSubscribersAndThoseReadingTheirBacklog() async throws {
        let harness = try IngestionHarness()
        _ = try await harness.ingest([batch(0..<10, id: 1)])
        let received = Mutex(0)
        let client = harness.client
        let live = Task {
            do {
                try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: 0)) { activities in
                    for try await _ in activities { received.withLock { $0 += 1 } }
                }
                return RPCError(.ok, "the stream ended without an error")
            } catch let error as RPCError {
                return error
            } catch {
                return RPCError(.unknown, "\(error)")
            }
        }
        while received.withLock({ $0 }) < 10 { try await Task.sleep(for: .milliseconds(10)) }
        // What the executable's host calls when SIGTERM arrives, before the server drains.
        harness.runtime.beginShutdown()
        let ended = await live.value
        #expect(ended.code == .unavailable, "\(ended)")
        #expect(ended.message.contains("subscribe again after 10"), "\(ended)")

        // Past the first page of a backlog, a subscriber arriving now is told to come back.
        _ = try await harness.ingest([batch(10..<1_200, id: 2)])
        var refused: RPCError?
        var count = 0
        do {
            count = try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: 0)) { activities in
                try await activities.reduce(0) { count, _ in count + 1 }
            }
        } catch { refused = error }
        #expect(count == 0 && refused?.code == .unavailable, "\(String(describing: refused))")
        #expect(refused?.message.contains("subscribe again after 500") == true, "\(String(describing: refused))")
        await harness.shutdown()
    }
}
