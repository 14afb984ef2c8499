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

    /// Deletes batches ingestion acknowledged.
    public func acknowledge(_ seqs: [Int64]) async throws {
        guard !seqs.isEmpty else { return }
        try await database.write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE seq = ?")
            for seq in seqs { try delete.execute(arguments: [seq]) }
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

    /// What the scrape-time gauges show: entries waiting in the outbox, and each
    /// organisation's watermark. A synchronous read, for a metrics scrape.
    public func gaugeSnapshot() throws(StorageError) -> (outboxEntries: Int64, watermarks: [(org: String, watermark: Int64)]) {
        try database.read { db in
            let pending = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(entry_count), 0) FROM outbox") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT org_id, watermark FROM connections")
            return (pending, rows.map { (org: $0["org_id"], watermark: $0["watermark"]) })
        }
    }

    /// Bytes the outbox's batches hold (their payloads).
    public func outboxBytes() async throws -> Int64 {
        try await database.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(sum(length(payload)), 0) FROM outbox") ?? 0 }
    }
}
