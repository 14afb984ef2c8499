import Foundation
import GRDB
import PalisadeNet
import PalisadeStorage

extension ActivityStore {
    /// Most names one free-text or e-mail filter may match; more is refused as too broad.
    static let maxMatchedNames = 5_000

    /// One page of a query's results after `filter.cursor`, at most `limit` activities.
    func queryPage(_ filter: ActivityFilter, limit: Int) async throws -> [StoredActivity] {
        try await database.read { db in
            guard let (sql, arguments) = try Self.select(filter, limit: limit, in: db) else { return [] }
            return try Self.storedActivities(db, sql: sql, arguments: arguments)
        }
    }

    /// SQLite's plan for the query's first page, one line per step (for tests and diagnosis).
    func plan(_ filter: ActivityFilter) async throws -> [String] {
        try await database.read { db in
            guard let (sql, arguments) = try Self.select(filter, limit: 100, in: db) else { return [] }
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// The page's `SELECT`, or `nil` when a filter on names matched nobody (so nothing can match).
    static func select(_ filter: ActivityFilter, limit: Int, in db: Database) throws -> (String, StatementArguments)? {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        func list(_ column: String, _ values: [some DatabaseValueConvertible]) {
            guard !values.isEmpty else { return }
            clauses.append("a.\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))")
            arguments.append(contentsOf: values.map { $0 })
        }
        if let from = filter.from {
            clauses.append("a.time >= ?")
            arguments.append(from)
        }
        if let to = filter.to {
            clauses.append("a.time < ?")
            arguments.append(to)
        }
        list("org", filter.orgs)
        if !filter.userIDs.isEmpty || !filter.userEmails.isEmpty {
            let ids = filter.userIDs + (try actorIDs(withEmails: filter.userEmails, in: db))
            guard !ids.isEmpty else { return nil }
            list("actor", ids)
        }
        if !filter.text.isEmpty {
            let (actors, entities) = try names(containing: filter.text, in: db)
            guard !actors.isEmpty || !entities.isEmpty else { return nil }
            let placeholders = { (count: Int) in Array(repeating: "?", count: count).joined(separator: ",") }
            clauses.append("(a.actor IN (\(placeholders(actors.count))) OR a.entity IN (\(placeholders(entities.count))))")
            arguments.append(contentsOf: actors.map { $0 } + entities.map { $0 })
        }
        list("action", filter.actions)
        list("category", filter.categories)
        if !filter.networks.isEmpty {
            clauses.append("(" + filter.networks.map { _ in "a.ip BETWEEN ? AND ?" }.joined(separator: " OR ") + ")")
            for network in filter.networks {
                arguments.append(Data(network.address.bytes))
                arguments.append(Data(network.lastAddress.bytes))
            }
        }
        list("country", filter.countries)
        list("ip_category", filter.ipCategories)
        if !filter.tags.isEmpty {
            clauses.append("(" + filter.tags.map { _ in "instr(a.ip_tags, ?) > 0" }.joined(separator: " OR ") + ")")
            arguments.append(contentsOf: filter.tags.map { ActivityRecord.tagText([$0]) })
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
            arguments.append(cursor.time)
            arguments.append(cursor.sequence)
        }
        let direction = filter.newestFirst ? "DESC" : "ASC"
        let sql = """
            SELECT a.sequence, a.ingested, a.body, r.raw, a.time FROM activities a JOIN raws r ON r.sequence = a.sequence
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY a.time \(direction), a.sequence \(direction) LIMIT \(limit)
            """
        return (sql, StatementArguments(arguments))
    }

    /// Actor ids whose e-mail is one of `emails` (lower-cased).
    private static func actorIDs(withEmails emails: [String], in db: Database) throws -> [String] {
        guard !emails.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: emails.count).joined(separator: ",")
        return try String.fetchAll(
            db, sql: "SELECT id FROM names WHERE kind = 'a' AND email IN (\(placeholders)) LIMIT \(maxMatchedNames + 1)",
            arguments: StatementArguments(emails))
    }

    /// Actor and entity ids whose name or e-mail contains `text` (lower-cased).
    private static func names(containing text: String, in db: Database) throws -> (actors: [String], entities: [String]) {
        let pattern =
            "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT kind, id FROM names WHERE name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' LIMIT \(maxMatchedNames + 1)",
            arguments: [pattern, pattern])
        guard rows.count <= maxMatchedNames else {
            throw QueryRefusal("text: \"\(text)\" matches more than \(maxMatchedNames) names and e-mails; give more of it")
        }
        var actors: [String] = []
        var entities: [String] = []
        for row in rows {
            if (row[0] as String) == DirectoryName.Kind.actor.rawValue { actors.append(row[1]) } else { entities.append(row[1]) }
        }
        return (actors, entities)
    }
}
