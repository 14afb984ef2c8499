import Foundation
import GRDB
import PalisadeMessages
import PalisadeNormaliser
import PalisadeStorage
import PalisadeTestSupport
import Testing

@testable import IngestionCore

/// A log written under v1 (key indexes led by the key, raw entries in `raws`) opens under the
/// current schema (indexes led by the hour, v2; the raw entry in the row, v3) with its
/// activities found by the new indexes and read back whole.
@Suite("Schema v1 → current")
struct SchemaMigrationTests {
    @Test func aV1LogIsReindexedByHourAndStillQueried() async throws {
        let directory = try TemporaryDirectory("ingestion-migration")
        let path = directory.file("ingestion.db")
        let normaliser = EntryNormaliser()
        let records = try (0..<30).map { index in
            let entry = IngestionHarness.entry(
                "m\(index)", at: 1_789_372_000 + Int64(index) * 1_800, user: index % 3 == 0 ? "W0ANA0001" : "W0BEN0002")
            let normalised = try normaliser.normalise([UInt8](entry), orgID: "E0CONTOSO1")
            return try ActivityRecord(normalised.activity, address: normalised.address)
        }
        let v1 = try ServiceDatabase(path: path, migrations: Array(IngestionSchema.migrations.prefix(1)))
        try await v1.write { db in
            for (index, record) in records.enumerated() {
                let sequence = Int64(index + 1)
                try db.execute(
                    sql: """
                        INSERT INTO activities (sequence, time, org, entry_id, ingested, actor, entity, ip, action, category, flags,
                            country, ip_category, ip_tags, app, body)
                        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        sequence, record.time, record.org, record.entryID, record.actor, record.entity, record.ip, record.action,
                        record.category, record.flags, record.country, record.ipCategory, record.ipTags, record.app, record.body,
                    ])
                try db.execute(sql: "INSERT INTO raws (sequence, raw) VALUES (?, ?)", arguments: [sequence, record.raw])
            }
        }
        try v1.close()

        let store = try ActivityStore(path: path)
        let ana = try await store.queryPage(try ActivityFilter(ActivityQuery(users: ["W0ANA0001"])), limit: 100)
        let anaSequences: [UInt64] = Array(stride(from: 28, through: 1, by: -3))
        #expect(ana.map(\.sequence) == anaSequences)
        // Every raw entry moved into its row, byte for byte.
        let all = try await store.page(after: 0, limit: 100)
        #expect(all.count == records.count)
        let raws = try all.map { try $0.activity().raw }
        #expect(raws == records.map(\.raw))
        let tables = try await store.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(!tables.contains("raws"))
        // Pages cross hours: 4 per page over 10 hours, oldest first.
        var filter = try ActivityFilter(ActivityQuery(users: ["W0ANA0001"], order: .oldestFirst))
        var seen: [UInt64] = []
        while true {
            let page = try await store.queryPage(filter, limit: 4)
            seen += page.map(\.sequence)
            guard page.count == 4, let last = page.last else { break }
            filter.cursor = (last.time, Int64(last.sequence))
        }
        #expect(seen == anaSequences.reversed())
        let plan = try await store.plan(try ActivityFilter(ActivityQuery(users: ["W0ANA0001"])))
        let byHour = plan.contains { $0.contains("activities_by_actor (<expr>=? AND actor=?)") }
        #expect(byHour, "\(plan)")
        store.close()
    }
}
