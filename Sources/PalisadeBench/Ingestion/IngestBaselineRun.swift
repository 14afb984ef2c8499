import Foundation
import GRDB
import IngestionCore
import PalisadeRPC
import PalisadeStorage

/// The baseline of `palisade-bench ingest`: the rows the service stores, inserted by plain SQLite
/// in this process. A fresh file with the service's page size, WAL and `synchronous=NORMAL`, the
/// service's schema and indexes (its migrations), the store's prepared `INSERT` and its
/// arguments, 1,000 rows per transaction. The records are prepared beforehand and not timed
/// (normalising and encoding are the service's work, not SQLite's), so this is what SQLite alone
/// can take, and the service's share of it is the ratio.
struct IngestBaselineRun {
    /// The service's page size (`ActivityStore`); it must be set before the file switches to WAL.
    static let pageSize = 8192
    static let rowsPerTransaction = 1_000

    let path: String

    /// Inserts every record in order; returns the seconds it took (opening and the schema
    /// excluded).
    func run(_ batches: [[ActivityRecord]]) throws -> Double {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try queue.write { db in
            for migration in IngestionSchema.migrations { try migration.apply(db) }
        }
        let records = Array(batches.joined())
        let ingested = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let start = ContinuousClock.now
        try queue.writeWithoutTransaction { db in
            let insert = try db.makeStatement(sql: ActivityRecord.insertSQL)
            var sequence: Int64 = 0
            var index = 0
            while index < records.count {
                let end = min(index + Self.rowsPerTransaction, records.count)
                try db.inTransaction {
                    for record in records[index..<end] {
                        try insert.execute(arguments: record.arguments(sequence: sequence + 1, ingested: ingested))
                        if db.changesCount == 1 { sequence += 1 }
                    }
                    return .commit
                }
                index = end
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        try queue.close()
        return seconds
    }
}
