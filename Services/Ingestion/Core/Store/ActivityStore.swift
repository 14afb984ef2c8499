import Foundation
import GRDB
import PalisadeStorage
import Synchronization

/// The activity log's database: appends activities in commit order, reads them back by sequence
/// and by query, keeps the free-text directory, the unknown actions and the IP range catalogue.
public final class ActivityStore: Sendable {
    let database: ServiceDatabase
    /// The last commit time given, so commit times never go backwards within a run even if the
    /// clock steps back a little (`activity.md`, "Identity, time and order").
    private let lastIngested = Mutex<Int64>(0)
    /// Names already in the directory, so a known actor costs no write.
    private let knownNames = Mutex<Set<DirectoryName>>([])

    /// Opens (or creates) the database at `path`.
    public init(path: String) throws(StorageError) {
        var options = ServiceDatabase.Options()
        // Larger pages: rows of ~2 KiB (the raw entry included), fewer B-tree levels and page splits on append.
        options.pageSize = 8192
        database = try ServiceDatabase(path: path, migrations: IngestionSchema.migrations, options: options)
        // The writer's page cache holds a whole batch's changes (64 MiB; SQLite's default is 2):
        // a transaction larger than the cache spills dirty pages to the WAL before its commit
        // and writes them again when it touches them again. Readers keep the default.
        try database.write { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
    }

    /// The database file.
    public var path: String { database.path }

    /// Closes the database; later calls fail.
    public func close() { try? database.close() }

    /// What an append did.
    struct AppendResult: Sendable {
        /// Records stored for the first time.
        var newRecords: Int
        /// The highest sequence after the append (0 when the log is empty).
        var lastSequence: UInt64
    }

    /// Stores the records not already known by (time, org, entry id), in order, in one
    /// transaction, numbering them after the highest sequence.
    func append(_ records: [ActivityRecord]) async throws(StorageError) -> AppendResult {
        let (result, stored) = try await database.write { db in try self.append(records, in: db) }
        // Remembered only once committed: a rolled-back name must be written again next time.
        knownNames.withLock { known in known.formUnion(stored) }
        return result
    }

    private func append(_ records: [ActivityRecord], in db: Database) throws -> (AppendResult, Set<DirectoryName>) {
        var sequence = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM activities") ?? 0
        if sequence == 0 {
            // An emptied log continues after its last sequence, never reusing one.
            sequence = try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'last_sequence'") ?? 0
        }
        let ingested = nextIngested()
        let insert = try db.cachedStatement(sql: ActivityRecord.insertSQL)
        var newRecords = 0
        var names: [DirectoryName] = []
        var unknown: [String: Int] = [:]
        for record in records {
            let next = sequence + 1
            try insert.execute(arguments: record.arguments(sequence: next, ingested: ingested))
            guard db.changesCount == 1 else { continue }
            sequence = next
            newRecords += 1
            names.append(contentsOf: record.names)
            if record.flags & IngestionSchema.unknownActionFlag != 0 { unknown[record.action, default: 0] += 1 }
        }
        let stored = try recordNames(names, in: db)
        try recordUnknown(unknown, at: ingested, in: db)
        if newRecords > 0 {
            try db.execute(
                sql:
                    "INSERT INTO counters (name, value) VALUES ('last_sequence', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [sequence])
        }
        return (AppendResult(newRecords: newRecords, lastSequence: UInt64(sequence)), stored)
    }

    /// Now in microseconds, never below the last value given.
    private func nextIngested() -> Int64 {
        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        return lastIngested.withLock { last in
            last = max(last, now)
            return last
        }
    }

    /// Upserts the names not yet known to be in the directory; returns them.
    private func recordNames(_ names: [DirectoryName], in db: Database) throws -> Set<DirectoryName> {
        // One lookup per name, and a set only of the few unknown ones: this runs in the writer,
        // for two names per entry, and building a set of all of them first cost twice as much.
        let fresh = Set(knownNames.withLock { known in names.filter { !known.contains($0) } })
        guard !fresh.isEmpty else { return [] }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO names (kind, id, name, email) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, email = excluded.email
                """)
        for name in fresh {
            try upsert.execute(arguments: [name.kind.rawValue, name.id, name.name.lowercased(), name.email.lowercased()])
        }
        return fresh
    }

    private func recordUnknown(_ unknown: [String: Int], at ingested: Int64, in db: Database) throws {
        for (action, count) in unknown {
            try db.execute(
                sql: """
                    INSERT INTO unknown_actions (action, count, first_seen, last_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT (action) DO UPDATE SET count = count + excluded.count, last_seen = excluded.last_seen
                    """,
                arguments: [action, count, ingested, ingested])
        }
    }
}
