import Foundation
import PalisadeMessages
import PalisadeNet

/// An `ActivityQuery` checked and turned into the parts of a `WHERE` clause.
///
/// Every value is bound as an argument, never spliced into the SQL. The parts that need the
/// directory (users by e-mail, free text) are resolved against it by ``ActivityStore`` first.
struct ActivityFilter: Sendable {
    /// `from`, whole seconds, inclusive.
    var from: Int64?
    /// `to`, whole seconds, exclusive.
    var to: Int64?
    var orgs: [String]
    var userIDs: [String]
    var userEmails: [String]
    var actions: [String]
    var categories: [Int]
    var networks: [IPNetwork]
    var countries: [String]
    var ipCategories: [Int]
    var tags: [String]
    var apps: [String]
    var administrative: Bool?
    var impersonated: Bool?
    /// Lower-cased free text; `""` for none.
    var text: String
    var newestFirst: Bool
    var limit: Int?
    /// The position to continue after.
    var cursor: (time: Int64, sequence: Int64)?

    /// Checks `query` (`ingestion.md`, "Strict requests").
    init(_ query: ActivityQuery) throws(QueryRefusal) {
        from = query.from.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        to = query.to.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        if let from = query.from, let to = query.to, to <= from {
            throw QueryRefusal("\"to\" (\(to)) must be after \"from\" (\(from))")
        }
        orgs = query.orgIDs
        userEmails = query.users.filter { $0.contains("@") }.map { $0.lowercased() }
        userIDs = query.users.filter { !$0.contains("@") }
        actions = query.actions
        categories = query.categories.map(\.rawValue)
        networks = []
        for text in query.ips {
            do {
                networks.append(try IPNetwork(parsing: text))
            } catch {
                throw QueryRefusal("ips: \(error.description)")
            }
        }
        countries = []
        for country in query.countries {
            guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw QueryRefusal("countries: \"\(country)\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. DE)")
            }
            countries.append(country.uppercased())
        }
        ipCategories = query.ipCategories.map(\.rawValue)
        tags = query.ipTags
        apps = query.apps
        administrative = query.administrative
        impersonated = query.impersonated
        text = query.text.lowercased()
        if !text.isEmpty, text.count < 2 {
            throw QueryRefusal("text: \"\(query.text)\" is too short; give at least 2 characters")
        }
        newestFirst = query.order != .oldestFirst
        limit = query.limit == 0 ? nil : Int(query.limit)
        cursor = try Self.cursor(query.cursor)
    }

    /// `"<time>:<sequence>"`, or `nil` for `""`.
    static func cursor(_ text: String) throws(QueryRefusal) -> (time: Int64, sequence: Int64)? {
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let time = Int64(parts[0]), let sequence = Int64(parts[1]), sequence >= 0 else {
            throw QueryRefusal(
                "cursor: \"\(text)\" is not \"<time>:<sequence>\"; build it from the last activity received: "
                    + "its time in Unix seconds and its sequence, e.g. \"1789372272:1290\"")
        }
        return (time, sequence)
    }
}
