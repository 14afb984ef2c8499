import Foundation
import GRDB
import PalisadeStorage

extension ActivityStore {
    /// The lowest and highest stored sequences; `nil` when nothing is stored.
    func storedRange() async throws(StorageError) -> ClosedRange<UInt64>? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT min(sequence) AS first, max(sequence) AS last FROM activities"),
                let first = row["first"] as Int64?, let last = row["last"] as Int64?
            else { return nil }
            return UInt64(first)...UInt64(last)
        }
    }

    /// Up to `limit` activities with a sequence above `after`, in sequence order.
    func page(after: UInt64, limit: Int) async throws(StorageError) -> [StoredActivity] {
        try await database.read { db in
            try Self.storedActivities(
                db,
                sql: """
                    SELECT sequence, ingested, body, raw, time FROM activities WHERE sequence > ? ORDER BY sequence LIMIT ?
                    """,
                arguments: [Int64(clamping: after), limit])
        }
    }

    /// The rows of a `SELECT sequence, ingested, body, raw, time …`.
    static func storedActivities(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredActivity] {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var activities: [StoredActivity] = []
        while let row = try cursor.next() {
            // The columns' bytes are read in place (`withUnsafeData`): the raw entry is copied
            // once, into the message, and the body once more for the splice offsets.
            let body = try row.withUnsafeData(atIndex: 2) { [UInt8]($0 ?? Data()) }
            let activity = try row.withUnsafeData(atIndex: 3) { raw in
                try StoredActivity(
                    sequence: UInt64(row[0] as Int64), ingestedMicroseconds: row[1], body: body, raw: raw ?? Data(), time: row[4])
            }
            activities.append(activity)
        }
        return activities
    }

    /// The figures of `GetStats` the store knows.
    struct Figures: Sendable {
        var firstSequence: UInt64 = 0
        var lastSequence: UInt64 = 0
        var activities: UInt64 = 0
        var firstTime: Int64?
        var lastTime: Int64?
        var databaseBytes: UInt64 = 0
        var unknownActions: [(action: String, count: UInt64, firstSeen: Int64, lastSeen: Int64)] = []
    }

    /// What the log holds. The count is the sequence span, exact because sequences are gap-free
    /// and retention removes from the low end (counting 10M rows would take a second).
    func figures() async throws(StorageError) -> Figures {
        let path = self.path
        return try await database.read { db in
            var figures = Figures()
            if let row = try Row.fetchOne(db, sql: "SELECT min(sequence), max(sequence) FROM activities"),
                let first = row[0] as Int64?, let last = row[1] as Int64?
            {
                (figures.firstSequence, figures.lastSequence) = (UInt64(first), UInt64(last))
                figures.activities = UInt64(last - first + 1)
                figures.firstTime = try Int64.fetchOne(db, sql: "SELECT time FROM activities ORDER BY time LIMIT 1")
                figures.lastTime = try Int64.fetchOne(db, sql: "SELECT time FROM activities ORDER BY time DESC LIMIT 1")
            } else {
                figures.lastSequence = UInt64(try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'last_sequence'") ?? 0)
            }
            figures.unknownActions = try Row.fetchAll(
                db, sql: "SELECT action, count, first_seen, last_seen FROM unknown_actions ORDER BY last_seen DESC LIMIT 100"
            ).map { (action: $0[0], count: UInt64($0[1] as Int64), firstSeen: $0[2], lastSeen: $0[3]) }
            figures.databaseBytes = [path, path + "-wal"].reduce(0) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? UInt64) ?? 0)
            }
            return figures
        }
    }
}

extension ActivityStore {
    /// The highest sequence ever given (kept when retention empties the log), for start-up.
    func lastSequence() throws(StorageError) -> UInt64 {
        try database.read { db in
            let stored = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM activities")
            let counter = try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'last_sequence'")
            return UInt64(max(stored ?? 0, counter ?? 0))
        }
    }
}
