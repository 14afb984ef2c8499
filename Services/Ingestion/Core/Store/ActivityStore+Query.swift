import Foundation
import GRDB
import PalisadeMessages
import PalisadeStorage

extension ActivityStore {
    /// Most names one free-text or e-mail filter may match; more is refused as too broad.
    static let maxMatchedNames = 5_000

    /// One page of a query's results after `filter.cursor`, at most `limit` activities.
    func queryPage(_ filter: ActivityFilter, limit: Int) async throws -> [StoredActivity] {
        try await database.read { db in try Self.page(filter, limit: limit, in: db) }
    }

    /// One page on `db`: the page's statement once, or hour after hour until the page is full.
    static func page(_ filter: ActivityFilter, limit: Int, in db: Database) throws -> [StoredActivity] {
        guard let statement = try PageStatement(filter, names: try names(filter, in: db), in: db) else { return [] }
        guard let hours = statement.hours else {
            return try storedActivities(db, sql: statement.sql, arguments: statement.arguments(hour: 0, limit: limit))
        }
        var activities: [StoredActivity] = []
        for hour in hours {
            let arguments = statement.arguments(hour: hour, limit: limit - activities.count)
            activities.append(contentsOf: try storedActivities(db, sql: statement.sql, arguments: arguments))
            if activities.count >= limit { break }
        }
        return activities
    }

    /// How many activities `query` matches, read as `Query` reads them (pages of `pageSize`, each
    /// continued after the last) on `db`, with nothing encoded or sent: `palisade-bench query`
    /// runs it on a plain connection to the same file as its baseline.
    public static func readAll(_ query: ActivityQuery, pageSize: Int, in db: Database) throws -> Int {
        var filter = try ActivityFilter(query)
        var remaining = filter.limit ?? Int.max
        var count = 0
        while remaining > 0 {
            let wanted = min(pageSize, remaining)
            let page = try page(filter, limit: wanted, in: db)
            count += page.count
            remaining -= page.count
            guard page.count == wanted, let last = page.last else { break }
            filter.cursor = (last.time, Int64(last.sequence))
        }
        return count
    }

    /// SQLite's plan for the query's first page (its first hour), one line per step (for tests
    /// and diagnosis).
    func plan(_ filter: ActivityFilter) async throws -> [String] {
        try await database.read { db in
            guard let statement = try PageStatement(filter, names: try Self.names(filter, in: db), in: db) else { return [] }
            let arguments = statement.arguments(hour: statement.hours?.first(where: { _ in true }) ?? 0, limit: 100)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// The actors and entities free text matches, or `nil` when the filter has none.
    private static func names(_ filter: ActivityFilter, in db: Database) throws -> (actors: [String], entities: [String])? {
        filter.text.isEmpty ? nil : try names(containing: filter.text, in: db)
    }

    /// Actor ids whose e-mail is one of `emails` (lower-cased).
    static func actorIDs(withEmails emails: [String], in db: Database) throws -> [String] {
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
