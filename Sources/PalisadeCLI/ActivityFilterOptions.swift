import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeNet

/// The filters of `palisade activities query`, one option per `ActivityQuery` field
/// (`Protocol/ingestion.md`, "Reading the activity log"): options of different fields are
/// ANDed, repeats of one option ORed. Everything the service would refuse is refused here
/// first, with the option's name, before anything connects.
struct ActivityFilterOptions: ParsableArguments {
    @Option(name: .long, help: "Activities at or after: RFC 3339, a date (midnight UTC), or a span back from now (30m, 24h, 7d).")
    var from: String?

    @Option(name: .long, help: "Activities before: same forms as --from.")
    var to: String?

    @Option(name: .customLong("org"), help: "An organization id (E…); repeat for any of several.")
    var orgs: [String] = []

    @Option(name: .customLong("user"), help: "An actor id (W…/U…) or e-mail (any case); repeatable.")
    var users: [String] = []

    @Option(name: .customLong("action"), help: "An action name, exactly (user_login); repeatable.")
    var actions: [String] = []

    @Option(
        name: .customLong("category"),
        help: ArgumentHelp("A category, any case; repeatable: \(MessageNames.activityCategory.list).", valueName: "category"))
    var categories: [String] = []

    @Option(name: .customLong("ip"), help: "An address or CIDR block, IPv4 or IPv6; repeatable.")
    var ips: [String] = []

    @Option(name: .customLong("country"), help: "An ISO 3166-1 alpha-2 code (DE), any case; repeatable.")
    var countries: [String] = []

    @Option(
        name: .customLong("ip-category"),
        help: ArgumentHelp("The IP range category; repeatable: \(MessageNames.ipCategory.list).", valueName: "category"))
    var ipCategories: [String] = []

    @Option(name: .customLong("tag"), help: "An IP range tag the activity carries (Tor); repeatable.")
    var tags: [String] = []

    @Option(name: .customLong("app"), help: "An acting app id (A…); repeatable.")
    var apps: [String] = []

    @Flag(help: "Only administrative activities (--admin) or only the others (--no-admin).")
    var administrative: Administrative?

    @Flag(help: "Only activities an app or agent did for the actor (--impersonated), or only the others.")
    var impersonation: Impersonation?

    @Option(name: .long, help: "Text in an actor's or entity's name or e-mail, any case (2 characters or more).")
    var text: String?

    @Flag(name: .long, help: "Oldest first (default: newest first).")
    var oldestFirst = false

    @Option(name: .long, help: "At most this many activities (a table shows 100 unless this says otherwise).")
    var limit: UInt32?

    @Option(name: .long, help: "Continue after this position, <time>:<sequence>, as printed under a table.")
    var cursor: String?

    /// `--admin` / `--no-admin`.
    enum Administrative: String, EnumerableFlag {
        case admin, noAdmin
    }

    /// `--impersonated` / `--not-impersonated`.
    enum Impersonation: String, EnumerableFlag {
        case impersonated, notImpersonated
    }

    func validate() throws {
        _ = try query(now: Date())
    }

    /// The request these options make, spans counted back from `now`; a value the service
    /// would refuse is a `ValidationError` naming the option.
    func query(now: Date) throws -> ActivityQuery {
        let from = try from.map { try QueryTime.parse($0, option: "--from").resolved(now: now) }
        let to = try to.map { try QueryTime.parse($0, option: "--to").resolved(now: now) }
        if let from, let to, to <= from {
            throw ValidationError("--to (\(TerminalText.timestamp(to))) must be after --from (\(TerminalText.timestamp(from)))")
        }
        for ip in ips {
            do { _ = try IPNetwork(parsing: ip) } catch { throw ValidationError("--ip: \(error)") }
        }
        for country in countries where country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw ValidationError("--country '\(country)' is not a two-letter ISO 3166-1 code (DE, US, GB)")
        }
        if let text, text.count < 2 {
            throw ValidationError("--text needs 2 characters or more")
        }
        if let cursor, !Self.isCursor(cursor) {
            throw ValidationError("--cursor '\(cursor)' is not <time>:<sequence> (as printed under a table, e.g. 1789372272:1290)")
        }
        return ActivityQuery(
            from: from, to: to, orgIDs: orgs, users: users, actions: actions,
            categories: try MessageNames.activityCategory.values(named: categories, option: "--category"),
            ips: ips, countries: countries,
            ipCategories: try MessageNames.ipCategory.values(named: ipCategories, option: "--ip-category"),
            ipTags: tags, apps: apps, administrative: administrative.map { $0 == .admin },
            impersonated: impersonation.map { $0 == .impersonated }, text: text ?? "",
            order: oldestFirst ? .oldestFirst : .newestFirst, limit: limit ?? 0, cursor: cursor ?? "")
    }

    /// Whether `text` is a cursor: Unix seconds (perhaps negative), a colon, a sequence.
    static func isCursor(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, Int64(parts[0]) != nil, UInt64(parts[1]) != nil else { return false }
        return !parts[0].hasPrefix("+") && !parts[1].hasPrefix("+")
    }

    /// The cursor that continues after `activity`: its time in Unix seconds and its sequence.
    static func cursor(after activity: Activity) -> String {
        "\(Int64(activity.time.timeIntervalSince1970.rounded(.down))):\(activity.sequence)"
    }
}
