import Foundation
import GRDB
import PalisadeStorage

extension ActivityStore {
    /// Removes up to `limit` of the lowest sequences whose time is before `cutoff` (seconds),
    /// stopping at the first that is not, so the stored sequences stay one unbroken range
    /// (`ingestion.md`, "Retention"). Returns how many were removed; call again until 0.
    func prune(before cutoff: Int64, limit: Int) async throws(StorageError) -> Int {
        try await database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT sequence, time FROM activities ORDER BY sequence LIMIT ?", arguments: [limit])
            var last: Int64?
            for row in rows {
                guard (row[1] as Int64) < cutoff else { break }
                last = row[0]
            }
            guard let last else { return 0 }
            try db.execute(sql: "DELETE FROM activities WHERE sequence <= ?", arguments: [last])
            return db.changesCount
        }
    }
}
