import Foundation
import PalisadeMessages
import PalisadeWire

/// How `palisade activities query` shows activities: a table for a person, CSV for a
/// spreadsheet, and the wire's JSON, one object per line, for scripts. Tables and CSV print the
/// enums' names; the JSON carries their numbers, exactly as the service sends them.
enum ActivityFormat {
    /// The column titles of `table`.
    static let tableHeaders = ["TIME (UTC)", "USER", "ACTION", "CATEGORY", "IP", "COUNTRY", "IP CATEGORY", "FLAGS"]

    /// The longest USER or IP CATEGORY cell: a long e-mail or tag list would push every other
    /// column off the screen; CSV and JSON have them whole.
    static let cellWidth = 40

    /// The activities as an aligned table, a header row first.
    static func table(_ activities: [Activity]) -> String {
        TerminalText.table(headers: tableHeaders, rows: activities.map(tableRow))
    }

    /// One activity's table cells.
    static func tableRow(_ activity: Activity) -> [String] {
        [
            TerminalText.timestamp(activity.time), TerminalText.cut(user(activity), to: cellWidth), activity.action,
            MessageNames.activityCategory.name(of: activity.category), activity.ip, activity.location?.country ?? "",
            TerminalText.cut(ipCategory(activity), to: cellWidth), flags(activity),
        ]
    }

    /// Who acted: the actor's e-mail, else its id; empty without an actor.
    static func user(_ activity: Activity) -> String {
        guard let actor = activity.actor else { return "" }
        return actor.email.isEmpty ? actor.id : actor.email
    }

    /// The IP range catalogue's verdict: `risky: Tor`, `corporate`, or empty when no range holds
    /// the address.
    static func ipCategory(_ activity: Activity) -> String {
        let tags = activity.ipTags.joined(separator: ", ")
        guard activity.ipCategory != .none else { return tags }
        let name = MessageNames.ipCategory.name(of: activity.ipCategory)
        return tags.isEmpty ? name : "\(name): \(tags)"
    }

    /// `A` for administrative, `I` for impersonated, both, or `-`.
    static func flags(_ activity: Activity) -> String {
        let flags = (activity.administrative ? "A" : "") + (activity.impersonated ? "I" : "")
        return flags.isEmpty ? "-" : flags
    }

    /// The CSV header row's fields, in `csvFields` order.
    static let csvHeader = [
        "sequence", "time", "org_id", "entry_id", "action", "category", "administrative", "impersonated",
        "actor_kind", "actor_id", "actor_name", "actor_email", "entity_type", "entity_id", "entity_name",
        "ip", "country", "city", "ip_category", "ip_tags", "user_agent", "session_id", "app_id", "app_name",
    ]

    /// One activity's CSV fields, unquoted (`CSV.record` quotes them); tags joined with `;`.
    static func csvFields(_ activity: Activity) -> [String] {
        let actor = activity.actor, entity = activity.entity, location = activity.location, app = activity.actingApp
        return [
            String(activity.sequence), TerminalText.timestamp(activity.time), activity.orgID, activity.entryID, activity.action,
            MessageNames.activityCategory.name(of: activity.category), String(activity.administrative),
            String(activity.impersonated), actor.map { MessageNames.actorKind.name(of: $0.kind) } ?? "", actor?.id ?? "",
            actor?.name ?? "", actor?.email ?? "", entity?.type ?? "", entity?.id ?? "", entity?.name ?? "", activity.ip,
            location?.country ?? "", location?.city ?? "", MessageNames.ipCategory.name(of: activity.ipCategory),
            activity.ipTags.joined(separator: ";"), activity.userAgent, activity.sessionID, app?.id ?? "", app?.name ?? "",
        ]
    }

    /// The activity's JSON mapping (`Protocol/activity.md`), one compact line, exactly what the
    /// service's JSON form of `Query` sends.
    static func jsonLine(_ activity: Activity, encoder: WireJSONEncoder = WireJSONEncoder()) throws(WireError) -> String {
        String(decoding: try encoder.encode(activity), as: UTF8.self)
    }
}
