import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Testing

@testable import IngestionCore

@Suite("Ingest: stored once, numbered in commit order, enriched")
struct IngestTests {
    @Test func storesNumbersAndDeduplicates() async throws {
        let harness = try IngestionHarness()
        let entries = (0..<50).map { IngestionHarness.entry("e\($0)", at: 1_789_372_000 + Int64($0)) }
        let batches = [
            IngestBatch(orgID: "E0CONTOSO1", connectionID: "c", batchID: 1, entries: Array(entries[0..<30])),
            IngestBatch(orgID: "E0CONTOSO1", connectionID: "c", batchID: 2, entries: Array(entries[20..<50])),
        ]
        let first = try await harness.ingest(batches)
        #expect(first == IngestSummary(batches: 2, entries: 60, newEntries: 50, lastBatchID: 2))
        let again = try await harness.ingest(batches)
        #expect(again.newEntries == 0 && again.entries == 60)
        let stored = try await harness.query(ActivityQuery(order: .oldestFirst))
        #expect(stored.map(\.sequence) == Array(1...50))
        let ids = (0..<50).map { "e\($0)" }
        #expect(stored.map(\.entryID) == ids)
        let first0 = try #require(stored.first)
        #expect(first0.location?.country == "DE" && first0.location?.accuracyRadiusKm == 20)
        #expect(first0.location?.databaseBuilt == Date(timeIntervalSince1970: TimeInterval(IngestionHarness.geoipBuilt)))
        #expect(first0.raw == entries[0] && first0.category == .login)
        let inCommitOrder = zip(stored, stored.dropFirst()).allSatisfy { $0.ingested <= $1.ingested }
        #expect(inCommitOrder)
        await harness.shutdown()
    }

    @Test func anInvalidEntryRefusesTheStreamAndTheServiceGoesOn() async throws {
        let harness = try IngestionHarness()
        let bad = IngestBatch(
            orgID: "E1", batchID: 1207, entries: [IngestionHarness.entry("ok", at: 1), Data(#"{"id":"x"}"#.utf8)])
        var refused: RPCError?
        do { _ = try await harness.ingest([bad]) } catch let error as RPCError { refused = error }
        #expect(refused?.code == .invalidArgument && refused?.message == #"batch 1207 entry 1: missing "date_create""#)
        var empty: RPCError?
        do { _ = try await harness.ingest([IngestBatch(batchID: 9)]) } catch let error as RPCError { empty = error }
        #expect(empty?.code == .invalidArgument && empty?.message == "batch 9: orgID is empty")
        let good = try await harness.ingest([IngestBatch(orgID: "E1", batchID: 1, entries: [IngestionHarness.entry("ok", at: 1)])])
        #expect(good.newEntries == 1)
        #expect(try await harness.query(ActivityQuery()).map(\.sequence) == [1])
        await harness.shutdown()
    }

    @Test func theStoredEncodingIsTheEncoderOwn() async throws {
        let harness = try IngestionHarness()
        _ = try await harness.ingest([IngestBatch(orgID: "E1", batchID: 1, entries: [IngestionHarness.entry("a", at: 1_789_372_000)])])
        let page = try await harness.runtime.store.page(after: 0, limit: 10)
        let stored = try #require(page.first)
        #expect(stored.encoded() == (try WireEncoder().encode(try stored.activity())))
        #expect(stored.framed == MessageFramer.frame(stored.encoded()))
        await harness.shutdown()
    }
}
