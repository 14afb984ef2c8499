import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage
import PalisadeWire

/// One audit entry as fetched: its id, its second, and its JSON exactly as Slack sent it.
public struct FetchedEntry: Sendable, Equatable {
    /// `id`.
    public var id: String
    /// `date_create`, Unix seconds.
    public var dateCreate: Int64
    /// The entry's JSON object (a slice of the page body, so no copy is made until it is stored).
    public var json: ArraySlice<UInt8>

    /// Makes an entry.
    public init(id: String, dateCreate: Int64, json: ArraySlice<UInt8>) {
        self.id = id
        self.dateCreate = dateCreate
        self.json = json
    }
}

/// Everything a fully fetched time window changes, written in one transaction.
public struct WindowCommit: Sendable {
    /// The connection.
    public var connectionID: String
    /// Its organisation (stamped on each outbox batch).
    public var orgID: String
    /// The window's entries, oldest first, de-duplicated within the window.
    public var entries: [FetchedEntry]
    /// Pages it took.
    public var pages: Int
    /// The window's `latest`: every entry dated at or before it is now stored.
    public var watermark: Int64
    /// How far back the next poll re-reads; ids of entries that recent are remembered.
    public var overlap: Int64
    /// The state after this window (Connected after the last backfill window and after a
    /// poll), or nil to leave the state, its error and its rate limit as they are.
    public var state: ConnectionState?
    /// The time of the commit (Unix seconds).
    public var now: Int64
    /// The largest outbox batch payload, in bytes (a batch must fit one RPC message).
    public var maxBatchBytes: Int
}

/// What storing a window did.
public struct WindowCommitResult: Sendable, Equatable {
    /// Entries not stored by an earlier window (repeats of the re-read overlap are not).
    public var newEntries: Int
    /// Ids of new entries larger than any batch may be (`maxBatchBytes`): remembered as seen,
    /// not queued, because no batch could carry them to ingestion (`Protocol/ingestion.md`).
    public var oversized: [String]
}

extension ConnectorStore {
    /// Stores a fetched window: new entries into the outbox (split into batches), their ids
    /// where the next poll may see them again, and the advanced watermark, atomically.
    /// Returns how many entries were new (the rest had been stored by an earlier window) and
    /// which of them were too large for any batch, and so were skipped.
    @discardableResult
    public func commitWindow(_ commit: WindowCommit) async throws -> WindowCommitResult {
        let stored = try await database.write { db -> WindowCommitResult? in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM connections WHERE id = ?", arguments: [commit.connectionID]) != nil else {
                return nil
            }
            let fresh = try Self.unseen(commit.entries, connection: commit.connectionID, db: db)
            let oversized = try Self.enqueue(fresh, commit: commit, db: db)
            let floor = commit.watermark - commit.overlap
            let remember = try db.cachedStatement(sql: "INSERT OR IGNORE INTO seen (connection_id, entry_id, date_create) VALUES (?, ?, ?)")
            for entry in fresh where entry.dateCreate >= floor {
                try remember.execute(arguments: [commit.connectionID, entry.id, entry.dateCreate])
            }
            try db.execute(sql: "DELETE FROM seen WHERE connection_id = ? AND date_create < ?", arguments: [commit.connectionID, floor])
            try db.execute(
                sql: """
                    UPDATE connections SET watermark = max(watermark, ?), entries_fetched = entries_fetched + ?, pages = pages + ?,
                        last_success = ? WHERE id = ?
                    """, arguments: [commit.watermark, fresh.count, commit.pages, commit.now, commit.connectionID])
            if let state = commit.state {
                try db.execute(
                    sql: "UPDATE connections SET state = ?, last_error = '', rate_limited_until = NULL WHERE id = ?",
                    arguments: [state.rawValue, commit.connectionID])
            }
            return WindowCommitResult(newEntries: fresh.count, oversized: oversized)
        }
        guard let stored else { throw ConnectorError(.notFound, "connection \(commit.connectionID) was removed") }
        return stored
    }

    /// Which of `ids` the connection's seen ids hold: entries of a poll's re-read overlap that
    /// an earlier window stored, so the poll can drop them as their page arrives instead of
    /// holding them until the commit. One read, one index lookup per id.
    public func seenIDs(_ connection: String, among ids: [String]) async throws -> Set<String> {
        try await database.read { db in
            let lookup = try db.cachedStatement(sql: "SELECT 1 FROM seen WHERE connection_id = ? AND entry_id = ?")
            var seen = Set<String>()
            for id in ids where try Row.fetchOne(lookup, arguments: [connection, id]) != nil { seen.insert(id) }
            return seen
        }
    }

    /// The entries whose ids are not remembered from an earlier window. Only entries no newer
    /// than the newest remembered one can be repeats, so a backfill slice checks nothing.
    private static func unseen(_ entries: [FetchedEntry], connection: String, db: Database) throws -> [FetchedEntry] {
        guard
            let newestSeen = try Int64.fetchOne(
                db, sql: "SELECT max(date_create) FROM seen WHERE connection_id = ?",
                arguments: [connection])
        else { return entries }
        let lookup = try db.cachedStatement(sql: "SELECT 1 FROM seen WHERE connection_id = ? AND entry_id = ?")
        var fresh: [FetchedEntry] = []
        fresh.reserveCapacity(entries.count)
        for entry in entries {
            if entry.dateCreate <= newestSeen, try Row.fetchOne(lookup, arguments: [connection, entry.id]) != nil { continue }
            fresh.append(entry)
        }
        return fresh
    }

    /// Queues `entries` in batches of at most `maxBatchBytes`; returns the ids of those too
    /// large for any batch, which are left out (queued, one would block delivery for good).
    private static func enqueue(_ entries: [FetchedEntry], commit: WindowCommit, db: Database) throws -> [String] {
        let insert = try db.cachedStatement(sql: "INSERT INTO outbox (connection_id, org_id, entry_count, payload) VALUES (?, ?, ?, ?)")
        let fits = { (entry: FetchedEntry) in entry.json.count + 16 <= commit.maxBatchBytes }
        let oversized = entries.filter { !fits($0) }.map(\.id)
        let entries = oversized.isEmpty ? entries : entries.filter(fits)
        var start = 0
        while start < entries.count {
            var end = start
            var bytes = 0
            // At least one entry per batch; otherwise fill up to the byte limit.
            while end < entries.count, end == start || bytes + entries[end].json.count + 16 <= commit.maxBatchBytes {
                bytes += entries[end].json.count + 16
                end += 1
            }
            let payload = OutboxPayload.encode(entries[start..<end].lazy.map(\.json))
            try insert.execute(arguments: [commit.connectionID, commit.orgID, end - start, payload])
            start = end
        }
        return oversized
    }
}
