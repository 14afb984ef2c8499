import Foundation
import GRDB
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import PalisadeStorage

/// A range of the catalogue as stored: the range and when it was last written.
struct StoredRange: Sendable {
    var range: CatalogueRange
    var updated: Date
}

extension ActivityStore {
    /// Every range, operator ranges by name first, then feeds by name.
    func ranges() throws(StorageError) -> [StoredRange] {
        try database.read { db in try Self.ranges(in: db) }
    }

    static func ranges(in db: Database) throws -> [StoredRange] {
        try Row.fetchAll(
            db, sql: "SELECT name, category, tags, source, updated, networks FROM ip_ranges ORDER BY source != 'operator', name"
        ).map { row in
            let sourceText: String = row[3]
            let source = IPRangeSource(messageName: sourceText)
            // Stored networks were parsed when written, so a failure here means a damaged row; it is skipped
            // rather than taking the whole catalogue down.
            let networks = (row[5] as String).split(separator: "\n").compactMap { try? IPNetwork(parsing: $0) }
            let tags = (row[2] as String).split(separator: "\n").map(String.init)
            let range = CatalogueRange(
                name: row[0], networks: networks, category: IPCategory(rawValue: row[1]) ?? .other, tags: tags, source: source)
            return StoredRange(range: range, updated: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64) / 1_000_000))
        }
    }

    /// The lookup table of every stored range.
    func loadRangeTable() throws(StorageError) -> IPRangeTable {
        IPRangeTable(try ranges().map(\.range))
    }

    /// Writes `range` (replacing one of the same name) and returns how many networks the
    /// replaced one had.
    func put(_ range: CatalogueRange) async throws(StorageError) -> (replaced: Int, updated: Date) {
        let updated = Date()
        return try await database.write { db in
            let previous = try String.fetchOne(db, sql: "SELECT networks FROM ip_ranges WHERE name = ?", arguments: [range.name])
            try db.execute(
                sql: """
                    INSERT INTO ip_ranges (name, category, tags, source, updated, networks) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET category = excluded.category, tags = excluded.tags, source = excluded.source,
                        updated = excluded.updated, networks = excluded.networks
                    """,
                arguments: [
                    range.name, range.category.rawValue, range.tags.joined(separator: "\n"), range.source.messageName,
                    Int64(updated.timeIntervalSince1970 * 1_000_000), range.networks.map(\.description).joined(separator: "\n"),
                ])
            return (previous.map { $0.split(separator: "\n").count } ?? 0, updated)
        }
    }

    /// Removes the range `name`; whether there was one.
    func removeRange(named name: String) async throws(StorageError) -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM ip_ranges WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
