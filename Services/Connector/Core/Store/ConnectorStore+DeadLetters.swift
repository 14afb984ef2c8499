import Foundation
import GRDB
import PalisadeStorage
import PalisadeWire

/// The dead-letter table: entries ingestion refused for good, kept instead of blocking the
/// outbox (`Protocol/ingestion.md`, "Final and retryable statuses").
extension ConnectorStore {
    /// Moves the prefix's entries, which ingestion refused for good with `refusal`, out of the
    /// outbox and into the dead-letter table, in one transaction: each entry is in exactly one
    /// of the two at every moment. Returns what was kept.
    @discardableResult
    public func deadLetter(_ prefix: OutboxPrefix, refusal: RPCError, now: Int64) async throws -> [DeadLetter] {
        let letters = prefix.batches.flatMap { batch in
            batch.entries.map { entry in
                DeadLetter(
                    connectionID: batch.connectionID, orgID: batch.orgID, entryID: DeadLetter.entryID(of: entry), entry: entry,
                    status: refusal.code, message: refusal.message, batchSeq: batch.seq, refusedAt: now)
            }
        }
        guard !letters.isEmpty else { return [] }
        try await database.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO dead_letters (connection_id, org_id, entry_id, entry, status, message, batch_seq, refused_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for letter in letters {
                try insert.execute(arguments: [
                    letter.connectionID, letter.orgID, letter.entryID, letter.entry, letter.status.rawValue, letter.message,
                    letter.batchSeq, letter.refusedAt,
                ])
            }
            try Self.remove(prefix, db: db)
        }
        return letters
    }

    /// The entries kept in the dead-letter table, oldest first: a connection's (by its id), or
    /// every connection's.
    public func deadLetters(connection: String? = nil) async throws -> [DeadLetter] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM dead_letters WHERE ?1 IS NULL OR connection_id = ?1 ORDER BY id",
                arguments: [connection]
            ).map { row in
                DeadLetter(
                    connectionID: row["connection_id"], orgID: row["org_id"], entryID: row["entry_id"], entry: row["entry"],
                    status: StatusCode(rawValue: row["status"]), message: row["message"], batchSeq: row["batch_seq"],
                    refusedAt: row["refused_at"])
            }
        }
    }

    /// Entries kept in the dead-letter table, per connection.
    public func deadLetterCounts() async throws -> [String: Int64] {
        try await database.read { db in
            var counts: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT connection_id, count(*) AS n FROM dead_letters GROUP BY connection_id") {
                counts[row["connection_id"]] = row["n"]
            }
            return counts
        }
    }
}
