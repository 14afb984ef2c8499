import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage
import PalisadeTLS
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import ConnectorCore

/// The store's side of refused entries: a prefix of the outbox leaves it acknowledged or moved
/// to `dead_letters`, atomically, and the migration that adds the table keeps what was stored.
@Suite struct DeadLetterStoreTests {
    /// A store holding one connection whose outbox has entries e0…e9, four to a batch.
    private static func withOutbox(_ body: (ConnectorStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory("connector-dead-letters")
        let store = try ConnectorStore(
            path: directory.file("connector.sqlite"), secrets: try SecretBox.loadOrCreateKey(at: directory.file("connector.key")))
        let record = ConnectionRecord(
            id: "conn_dl", orgID: "E0DL", orgName: "DL", credential: "token", state: .backfilling, lastError: "",
            rateLimitedUntil: nil, lastSuccess: nil, backfillStart: 1_000, backfillEnd: 2_000, watermark: 999, entriesFetched: 0,
            pages: 0, createdAt: 2_000)
        _ = try await store.insert(record, credentials: SlackCredentials(accessToken: "xoxp-test"))
        let entries = (0..<10).map { n in
            FetchedEntry(id: "e\(n)", dateCreate: 1_000 + Int64(n), json: ArraySlice(#"{"id":"e\#(n)","date_create":\#(1_000 + n)}"#.utf8))
        }
        // 31-byte entries plus 16 bytes each: four fit 200 bytes.
        try await store.commitWindow(
            WindowCommit(
                connectionID: record.id, orgID: record.orgID, entries: entries, pages: 1, watermark: 1_010, overlap: 0,
                state: nil, now: 2_000, maxBatchBytes: 200))
        try await body(store)
    }

    /// The ids of the entries in `batches`, batch by batch.
    private static func ids(_ batches: [OutboxBatch]) -> [[String]] {
        batches.map { batch in batch.entries.map(DeadLetter.entryID) }
    }

    @Test("a prefix takes whole batches, then the first entries of the next; the rest of that one stays")
    func prefixCutsABatch() async throws {
        try await Self.withOutbox { store in
            let head = try await store.pendingBatches(limit: 32, maxBytes: 1 << 20)
            #expect(Self.ids(head) == [["e0", "e1", "e2", "e3"], ["e4", "e5", "e6", "e7"], ["e8", "e9"]])
            let prefix = OutboxPrefix(head, entries: 6)
            #expect(Self.ids(prefix.batches) == [["e0", "e1", "e2", "e3"], ["e4", "e5"]])
            let rest = try #require(prefix.rest)
            #expect(Self.ids([rest]) == [["e6", "e7"]])
            #expect(rest.seq == head[1].seq)
            #expect(OutboxPrefix(head, entries: 100) == OutboxPrefix(head))
            #expect(OutboxPrefix(head, entries: 4).rest == nil)

            try await store.acknowledge(prefix)
            let after = try await store.pendingBatches(limit: 32, maxBytes: 1 << 20)
            #expect(Self.ids(after) == [["e6", "e7"], ["e8", "e9"]])
            #expect(after.first?.seq == head[1].seq)
            #expect(try await store.pendingEntries() == ["conn_dl": 4])
        }
    }

    @Test("dead-lettering moves entries from the outbox to dead_letters in one step, keeping bytes, ids, status, message and time")
    func deadLetterMoves() async throws {
        try await Self.withOutbox { store in
            let head = try await store.pendingBatches(limit: 32, maxBytes: 1 << 20)
            let refusal = RPCError(.invalidArgument, "batch \(head[0].seq) entry 0: not a JSON object")
            let kept = try await store.deadLetter(OutboxPrefix(head, entries: 1), refusal: refusal, now: 5_000)
            #expect(kept.map(\.entryID) == ["e0"])
            let stored = try await store.deadLetters(connection: "conn_dl")
            #expect(stored == kept)
            let letter = try #require(stored.first)
            #expect(letter.entry == head[0].entries[0])
            #expect(letter.status == .invalidArgument)
            #expect(letter.message == refusal.message)
            #expect(letter.batchSeq == head[0].seq)
            #expect(letter.refusedAt == 5_000)
            #expect(letter.orgID == "E0DL")
            let after = try await store.pendingBatches(limit: 32, maxBytes: 1 << 20)
            #expect(Self.ids(after) == [["e1", "e2", "e3"], ["e4", "e5", "e6", "e7"], ["e8", "e9"]])
            #expect(try await store.pendingEntries() == ["conn_dl": 9])
            #expect(try store.gaugeSnapshot().deadLetters == 1)
            #expect(try store.gaugeSnapshot().outboxEntries == 9)

            // A whole batch refused leaves no empty row behind.
            let rest = try await store.pendingBatches(limit: 1, maxBytes: 1 << 20)
            try await store.deadLetter(OutboxPrefix(rest), refusal: refusal, now: 5_001)
            #expect(try await store.deadLetterCounts() == ["conn_dl": 4])
            #expect(try await store.pendingBatches(limit: 32, maxBytes: 1 << 20).count == 2)
            #expect(try await store.deadLetters(connection: "conn_other").isEmpty)
        }
    }

    @Test("an entry whose id cannot be read is kept with an empty id")
    func unreadableEntryID() {
        #expect(DeadLetter.entryID(of: Data("not json".utf8)) == "")
        #expect(DeadLetter.entryID(of: Data(#"{"date_create":1}"#.utf8)) == "")
        #expect(DeadLetter.entryID(of: Data(#"{"id":"a1","date_create":1}"#.utf8)) == "a1")
    }

    @Test("v2-dead-letters opens a database made by v1, keeping its connection and its outbox")
    func migrationFromV1() async throws {
        let directory = try TemporaryDirectory("connector-migration")
        let path = directory.file("connector.sqlite")
        let v1 = try ServiceDatabase(path: path, migrations: [ConnectorSchema.migrations[0]], options: ConnectorStore.databaseOptions)
        try await v1.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connections (id, org_id, org_name, credential, access_token, state, backfill_start, backfill_end,
                        watermark, created_at) VALUES ('conn_old', 'E0OLD', 'Old', 'token', x'00', 2, 1000, 2000, 2000, 2000);
                    INSERT INTO outbox (connection_id, org_id, entry_count, payload) VALUES ('conn_old', 'E0OLD', 1, ?);
                    """, arguments: [OutboxPayload.encode([ArraySlice(#"{"id":"a1","date_create":1500}"#.utf8)])])
        }
        try v1.close()

        let store = try ConnectorStore(path: path, secrets: try SecretBox.loadOrCreateKey(at: directory.file("connector.key")))
        #expect(try store.database.appliedMigrations() == ["v1-connections-watermarks-outbox", "v2-dead-letters"])
        let pending = try await store.pendingBatches(limit: 32, maxBytes: 1 << 20)
        #expect(pending.map(\.connectionID) == ["conn_old"])
        #expect(try await store.connection("conn_old")?.orgID == "E0OLD")
        #expect(try await store.deadLetters().isEmpty)
        try await store.deadLetter(OutboxPrefix(pending), refusal: RPCError(.invalidArgument, "refused"), now: 3_000)
        #expect(try await store.deadLetterCounts() == ["conn_old": 1])
        try store.database.close()
    }
}
