import Foundation
import PalisadeMessages
import PalisadeTLS
import PalisadeTestSupport
import Testing

@testable import ConnectorCore

/// The store's window commit, directly: what it writes, and what it leaves alone.
@Suite struct ConnectorStoreTests {
    private static func withStore(_ body: (ConnectorStore, ConnectionRecord) async throws -> Void) async throws {
        let directory = try TemporaryDirectory("connector-store")
        let store = try ConnectorStore(
            path: directory.file("connector.sqlite"),
            secrets: try SecretBox.loadOrCreateKey(at: directory.file("connector.key")))
        let record = ConnectionRecord(
            id: "conn_test", orgID: "E0TEST", orgName: "Test", credential: "token", state: .backfilling, lastError: "",
            rateLimitedUntil: nil, lastSuccess: nil, backfillStart: 1_000, backfillEnd: 2_000, watermark: 999, entriesFetched: 0,
            pages: 0, createdAt: 2_000)
        _ = try await store.insert(record, credentials: SlackCredentials(accessToken: "xoxp-test"))
        try await body(store, record)
    }

    private static func commit(_ record: ConnectionRecord, ids: ClosedRange<Int>, watermark: Int64, state: ConnectionState?) -> WindowCommit
    {
        let entries = ids.map { n in
            FetchedEntry(id: "e\(n)", dateCreate: 1_000 + Int64(n), json: ArraySlice(#"{"id":"e\#(n)"}"#.utf8))
        }
        return WindowCommit(
            connectionID: record.id, orgID: record.orgID, entries: entries, pages: 1, watermark: watermark,
            overlap: 600, state: state, now: 2_000, maxBatchBytes: 1 << 20)
    }

    @Test("a window stored without a state keeps a newer 'Rate limited' status and still moves the watermark")
    func statelessCommitKeepsStatus() async throws {
        try await Self.withStore { store, record in
            // The fetch of the next window hit a 429 while this window was being stored.
            try await store.setState(record.id, .rateLimited, error: "Slack answered 429 (rate limited)", rateLimitedUntil: 3_000)
            let stored = try await store.commitWindow(Self.commit(record, ids: 1...10, watermark: 1_500, state: nil))
            #expect(stored.newEntries == 10)
            let after = try #require(try await store.connection(record.id))
            #expect(after.state == .rateLimited)
            #expect(after.rateLimitedUntil == 3_000)
            #expect(after.lastError.contains("429"))
            #expect(after.watermark == 1_500)
            #expect(after.entriesFetched == 10)
            #expect(after.lastSuccess == 2_000)
        }
    }

    @Test("a window stored with a state sets it and clears the error and the rate limit")
    func commitWithStateClearsStatus() async throws {
        try await Self.withStore { store, record in
            try await store.setState(record.id, .retrying, error: "HTTP 503", rateLimitedUntil: 3_000)
            try await store.commitWindow(Self.commit(record, ids: 1...3, watermark: 2_000, state: .connected))
            let after = try #require(try await store.connection(record.id))
            #expect(after.state == .connected)
            #expect(after.lastError.isEmpty)
            #expect(after.rateLimitedUntil == nil)
            #expect(after.backfillDone)
            let pending = try await store.pendingEntries()
            #expect(pending[record.id] == 3)
        }
    }

    @Test("an entry larger than any batch is skipped (its id reported), the rest are queued, and a re-read does not report it again")
    func oversizedEntryIsSkipped() async throws {
        try await Self.withStore { store, record in
            var commit = Self.commit(record, ids: 1...4, watermark: 1_010, state: nil)
            let huge = "{\"id\":\"e3\",\"pad\":\"" + String(repeating: "x", count: 2_000) + "\"}"
            commit.entries[2].json = ArraySlice(huge.utf8)
            commit.maxBatchBytes = 1_000
            let result = try await store.commitWindow(commit)
            #expect(result == WindowCommitResult(newEntries: 4, oversized: ["e3"]))
            #expect(try await store.pendingEntries()[record.id] == 3)
            let again = try await store.commitWindow(commit)
            #expect(again == WindowCommitResult(newEntries: 0, oversized: []))
        }
    }

    @Test("a window overlapping the last one stores only the entries not seen before")
    func overlapIsDeduplicated() async throws {
        try await Self.withStore { store, record in
            let first = try await store.commitWindow(Self.commit(record, ids: 1...10, watermark: 1_010, state: nil))
            let second = try await store.commitWindow(Self.commit(record, ids: 5...20, watermark: 1_020, state: nil))
            #expect(first.newEntries == 10)
            #expect(second.newEntries == 10)
            let pending = try await store.pendingEntries()
            #expect(pending[record.id] == 20)
        }
    }

    @Test("an outbox payload decodes to the entries it was made of; a damaged one is refused, not misread")
    func payloadRoundTrip() {
        let entries: [ArraySlice<UInt8>] = [
            ArraySlice(#"{"id":"a"}"#.utf8), ArraySlice([]), ArraySlice(Array(repeating: 0x7B, count: 70_000)),
        ]
        let payload = OutboxPayload.encode(entries)
        let expectedSize = entries.reduce(0) { $0 + $1.count + 4 }
        #expect(payload.count == expectedSize)
        let decoded = OutboxPayload.decode(payload)
        let original = entries.map { Data($0) }
        #expect(decoded == original)
        // A slice not starting at index 0 (as a Data row may be) reads the same.
        let shifted = (Data([0xFF]) + payload).dropFirst()
        #expect(OutboxPayload.decode(shifted) == decoded)
        #expect(OutboxPayload.decode(payload.dropLast()) == nil, "a length running past the end")
        #expect(OutboxPayload.decode(payload + Data([0, 0])) == nil, "a truncated length prefix")
        #expect(OutboxPayload.decode(Data()) == [])
    }
}
