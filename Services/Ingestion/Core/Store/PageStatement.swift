import Foundation
import GRDB
import PalisadeNet
import PalisadeStorage

/// The `SELECT` of one query page, built from an ``ActivityFilter``; every value is bound, the
/// page's size too (`LIMIT ?`), so a shape is one cached statement however often it runs.
///
/// The user, address and free-text filters are served by the indexes that lead with the hour
/// (`time / 3600`, see ``IngestionSchema``), which only answer for one hour at a time: such a
/// statement is run once per hour of ``hours``, in the page's order, with the hour bound where
/// ``hourSlots`` say, until the page is full. The hours span the filter's time range (or the
/// stored one when it has none), narrowed by the cursor.
struct PageStatement {
    var sql: String
    /// The arguments; those at ``hourSlots`` are replaced by the hour, the last by the limit.
    private var values: [DatabaseValue]
    private var hourSlots: [Int] = []
    /// The hours to run the statement for, in reading order; `nil`: run it once, unbound.
    var hours: StrideThrough<Int64>?

    /// The hour bucket of a time: what the hour-led indexes hold (SQLite's integer division
    /// truncates like Swift's, so both sides agree before 1970 too).
    static func hour(_ time: Int64) -> Int64 { time / 3600 }

    /// The statement for `filter`'s pages, or `nil` when nothing can match (a name filter that
    /// matched nobody, an empty log, a cursor past the range).
    init?(_ filter: ActivityFilter, names: (actors: [String], entities: [String])?, in db: Database) throws {
        var clauses: [String] = []
        var values: [DatabaseValue] = []
        var slots: [Int] = []
        func bind(_ value: some DatabaseValueConvertible) { values.append(value.databaseValue) }
        func hourClause(_ text: String) {
            clauses.append(text)
            slots.append(values.count)
            values.append(.null)
        }
        func list(_ column: String, _ items: [some DatabaseValueConvertible]) {
            guard !items.isEmpty else { return }
            clauses.append("a.\(column) IN (\(Self.placeholders(items.count)))")
            items.forEach(bind)
        }
        let keyed = !filter.userIDs.isEmpty || !filter.userEmails.isEmpty || !filter.networks.isEmpty
        if keyed { hourClause("a.time / 3600 = ?") }
        if let from = filter.from {
            clauses.append("a.time >= ?")
            bind(from)
        }
        if let to = filter.to {
            clauses.append("a.time < ?")
            bind(to)
        }
        list("org", filter.orgs)
        if !filter.userIDs.isEmpty || !filter.userEmails.isEmpty {
            let ids = filter.userIDs + (try ActivityStore.actorIDs(withEmails: filter.userEmails, in: db))
            guard !ids.isEmpty else { return nil }
            list("actor", ids)
        }
        if let names {
            // A union of two index searches: SQLite does not split an OR of IN lists over two
            // indexes by itself once both lead with the hour.
            guard !names.actors.isEmpty || !names.entities.isEmpty else { return nil }
            var parts: [String] = []
            for (column, ids) in [("actor", names.actors), ("entity", names.entities)] where !ids.isEmpty {
                parts.append("SELECT sequence FROM activities WHERE time / 3600 = ? AND \(column) IN (\(Self.placeholders(ids.count)))")
                slots.append(values.count)
                values.append(.null)
                ids.forEach(bind)
            }
            clauses.append("a.sequence IN (\(parts.joined(separator: " UNION ALL ")))")
        }
        list("action", filter.actions)
        list("category", filter.categories)
        if !filter.networks.isEmpty {
            clauses.append("(" + filter.networks.map { _ in "a.ip BETWEEN ? AND ?" }.joined(separator: " OR ") + ")")
            for network in filter.networks {
                bind(Data(network.address.bytes))
                bind(Data(network.lastAddress.bytes))
            }
        }
        list("country", filter.countries)
        list("ip_category", filter.ipCategories)
        if !filter.tags.isEmpty {
            clauses.append("(" + filter.tags.map { _ in "instr(a.ip_tags, ?) > 0" }.joined(separator: " OR ") + ")")
            filter.tags.map { ActivityRecord.tagText([$0]) }.forEach(bind)
        }
        list("app", filter.apps)
        if let administrative = filter.administrative {
            clauses.append("(a.flags & \(IngestionSchema.administrativeFlag)) \(administrative ? "!=" : "=") 0")
        }
        if let impersonated = filter.impersonated {
            clauses.append("(a.flags & \(IngestionSchema.impersonatedFlag)) \(impersonated ? "!=" : "=") 0")
        }
        if let cursor = filter.cursor {
            clauses.append("(a.time, a.sequence) \(filter.newestFirst ? "<" : ">") (?, ?)")
            bind(cursor.time)
            bind(cursor.sequence)
        }
        values.append(.null)  // the limit
        let direction = filter.newestFirst ? "DESC" : "ASC"
        self.sql = """
            SELECT a.sequence, a.ingested, a.body, a.raw, a.time FROM activities a
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY a.time \(direction), a.sequence \(direction) LIMIT ?
            """
        self.values = values
        hourSlots = slots
        if !slots.isEmpty {
            guard let hours = try Self.hours(filter, in: db) else { return nil }
            self.hours = hours
        }
    }

    /// The arguments for `hour` (ignored when the statement has no hour) and a page of `limit`.
    func arguments(hour: Int64, limit: Int) -> StatementArguments {
        var bound = values
        for slot in hourSlots { bound[slot] = hour.databaseValue }
        bound[bound.count - 1] = limit.databaseValue
        return StatementArguments(bound)
    }

    /// The filter's hours in reading order: its time range, or the stored one, up to the cursor.
    private static func hours(_ filter: ActivityFilter, in db: Database) throws -> StrideThrough<Int64>? {
        var lower = filter.from
        var upper = filter.to.map { $0 - 1 }
        if lower == nil { lower = try Int64.fetchOne(db, sql: "SELECT time FROM activities ORDER BY time LIMIT 1") }
        if upper == nil { upper = try Int64.fetchOne(db, sql: "SELECT time FROM activities ORDER BY time DESC LIMIT 1") }
        guard var lower, var upper else { return nil }
        if let cursor = filter.cursor {
            if filter.newestFirst { upper = min(upper, cursor.time) } else { lower = max(lower, cursor.time) }
        }
        guard lower <= upper else { return nil }
        return filter.newestFirst
            ? stride(from: hour(upper), through: hour(lower), by: -1) : stride(from: hour(lower), through: hour(upper), by: 1)
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
