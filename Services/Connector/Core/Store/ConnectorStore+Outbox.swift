import Foundation
import GRDB
import PalisadeStorage
import PalisadeWire

/// A batch waiting in the outbox.
public struct OutboxBatch: Sendable, Equatable {
    /// Its sequence number (the `batchID` sent to ingestion).
    public var seq: Int64
    /// The connection that fetched it.
    public var connectionID: String
    /// The organisation of its entries.
    public var orgID: String
    /// The raw entries, oldest first.
    public var entries: [Data]
}

/// The outbox: batches waiting for ingestion, oldest first, deleted once acknowledged.
extension ConnectorStore {
    /// The oldest batches waiting for ingestion, up to `limit` batches and about `maxBytes`.
    public func pendingBatches(limit: Int, maxBytes: Int) async throws -> [OutboxBatch] {
        let (batches, damaged) = try await database.read { db -> ([OutboxBatch], Int64?) in
            var batches: [OutboxBatch] = []
            var bytes = 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, connection_id, org_id, payload FROM outbox ORDER BY seq LIMIT ?", arguments: [limit])
            while let row = try rows.next() {
                let payload: Data = row["payload"]
                guard batches.isEmpty || bytes + payload.count <= maxBytes else { break }
                bytes += payload.count
                guard let entries = OutboxPayload.decode(payload) else { return (batches, row["seq"]) }
                batches.append(OutboxBatch(seq: row["seq"], connectionID: row["connection_id"], orgID: row["org_id"], entries: entries))
            }
            return (batches, nil)
        }
        if let damaged, batches.isEmpty {
            throw ConnectorError(
                .dataLoss, "outbox batch \(damaged) is damaged (its payload does not decode); the database needs attention")
        }
        return batches
    }

    /// Deletes what ingestion acknowledged: the prefix's whole batches, and of the batch it cut
    /// short the entries it sent (the rest stay queued, first in line).
    public func acknowledge(_ prefix: OutboxPrefix) async throws {
        guard !prefix.batches.isEmpty else { return }
        try await database.write { db in try Self.remove(prefix, db: db) }
    }

    /// Takes `prefix` out of the outbox, inside the caller's transaction.
    static func remove(_ prefix: OutboxPrefix, db: Database) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE seq = ?")
        for batch in prefix.batches where batch.seq != prefix.rest?.seq {
            try delete.execute(arguments: [batch.seq])
        }
        if let rest = prefix.rest {
            try db.execute(
                sql: "UPDATE outbox SET entry_count = ?, payload = ? WHERE seq = ?",
                arguments: [rest.entries.count, OutboxPayload.encode(rest.entries), rest.seq])
        }
    }

    /// Entries waiting in the outbox, per connection.
    public func pendingEntries() async throws -> [String: Int64] {
        try await database.read { db in
            var counts: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT connection_id, sum(entry_count) AS n FROM outbox GROUP BY connection_id") {
                counts[row["connection_id"]] = row["n"]
            }
            return counts
        }
    }

    /// What the scrape-time gauges show: entries waiting in the outbox, entries kept in the
    /// dead-letter table, and each organisation's watermark. A synchronous read, for a metrics
    /// scrape.
    public func gaugeSnapshot() throws(StorageError) -> (
        outboxEntries: Int64, deadLetters: Int64, watermarks: [(org: String, watermark: Int64)]
    ) {
        try database.read { db in
            let pending = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(entry_count), 0) FROM outbox") ?? 0
            let dead = try Int64.fetchOne(db, sql: "SELECT count(*) FROM dead_letters") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT org_id, watermark FROM connections")
            return (pending, dead, rows.map { (org: $0["org_id"], watermark: $0["watermark"]) })
        }
    }

    /// Bytes the outbox's batches hold (their payloads).
    public func outboxBytes() async throws -> Int64 {
        try await database.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(sum(length(payload)), 0) FROM outbox") ?? 0 }
    }
}
