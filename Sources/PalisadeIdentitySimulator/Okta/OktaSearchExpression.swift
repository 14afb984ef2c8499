import Foundation

/// A parsed `search` or `filter` expression of `GET /api/v1/users` (identity.md §4.2), such as
/// `profile.email eq "ana@example.com"` or `status eq "SUSPENDED" and profile.login sw "ana"`.
///
/// `and` binds tighter than `or`; parentheses group. String comparisons ignore case, as Okta's
/// do. `search` takes `eq`, `sw`, `co` (names and e-mail only), `pr`, and `gt`/`ge`/`lt`/`le` on
/// timestamps; `filter` takes only `eq` on a few attributes and comparisons on `lastUpdated`.
indirect enum OktaSearchExpression: Sendable, Equatable {
    case compare(attribute: String, op: Operator, value: String?)
    /// A comparison on a timestamp attribute, its value parsed once (nil for `pr`).
    case compareTime(attribute: String, op: Operator, seconds: Int64?)
    case and(OktaSearchExpression, OktaSearchExpression)
    case or(OktaSearchExpression, OktaSearchExpression)

    enum Operator: String, Sendable, Equatable {
        case eq, sw, co, pr, gt, ge, lt, le
    }

    /// Which query parameter the expression came from; they allow different things.
    enum Mode: String, Sendable {
        case search, filter
    }

    /// Whether `user` matches.
    func matches(_ user: OktaUserRecord) -> Bool {
        switch self {
        case .and(let left, let right): return left.matches(user) && right.matches(user)
        case .or(let left, let right): return left.matches(user) || right.matches(user)
        case .compareTime(let attribute, let op, let seconds):
            return Self.compare(date: Self.dateAttribute(attribute, of: user) ?? nil, op, seconds)
        case .compare(let attribute, let op, let value):
            let actual = Self.stringAttribute(attribute, of: user)
            guard op != .pr else { return actual != nil }
            guard let actual, let value else { return false }
            let left = actual.lowercased()
            let right = value.lowercased()
            switch op {
            case .eq: return left == right
            case .sw: return left.hasPrefix(right)
            case .co: return left.contains(right)
            case .gt: return left > right
            case .ge: return left >= right
            case .lt: return left < right
            case .le: return left <= right
            case .pr: return true
            }
        }
    }

    /// The attributes whose values are timestamps.
    static let dateAttributes: Set<String> = ["created", "activated", "statusChanged", "lastUpdated", "passwordChanged", "lastLogin"]

    /// The other attributes a user has; `profile.*` names outside these are valid and absent.
    static let stringAttributes: Set<String> = [
        "id", "status", "type.id", "profile.login", "profile.email", "profile.firstName", "profile.lastName",
        "profile.displayName",
    ]

    private static func stringAttribute(_ name: String, of user: OktaUserRecord) -> String? {
        switch name {
        case "id": user.id
        case "status": user.status.rawValue
        case "type.id": OktaUserDocument.userTypeID
        case "profile.login": user.login
        case "profile.email": user.email
        case "profile.firstName": user.firstName
        case "profile.lastName": user.lastName
        case "profile.displayName": user.displayName
        default: nil
        }
    }

    private static func dateAttribute(_ name: String, of user: OktaUserRecord) -> Int64?? {
        switch name {
        case "created": .some(user.created)
        case "activated": .some(user.activated)
        case "statusChanged": .some(user.statusChanged)
        case "lastUpdated": .some(user.lastUpdated)
        case "passwordChanged": .some(user.passwordChanged)
        case "lastLogin": .some(nil)
        default: nil
        }
    }

    private static func compare(date: Int64?, _ op: Operator, _ wanted: Int64?) -> Bool {
        guard op != .pr else { return date != nil }
        guard let date, let wanted else { return false }
        switch op {
        case .eq: return date == wanted
        case .gt: return date > wanted
        case .ge: return date >= wanted
        case .lt: return date < wanted
        case .le: return date <= wanted
        case .sw, .co, .pr: return false
        }
    }

    /// `2024-01-31T12:00:00.000Z` (milliseconds optional) as Unix seconds.
    static func parseTimestamp(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}
