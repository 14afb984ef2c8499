import Foundation
import PalisadeJSON
import PalisadeMessages
import PalisadeNet

/// Turns one raw Slack audit entry into an ``Activity``, as `Protocol/activity.md` specifies every
/// field, before enrichment: the caller adds the sequence, the commit time, the location and the
/// IP category and tags (``NormalisedEntry/address`` is what to look them up by).
///
/// Pure and thread-safe: the same bytes always give the same activity, so the golden tests pin it.
public struct EntryNormaliser: Sendable {
    /// The largest entry accepted: its activity copies parts of it and must stay under the 4 MiB
    /// message limit (`Protocol/ingestion.md`).
    public static let maxEntryBytes = 1 << 20
    /// Slack's entries nest a handful of levels; deeper is not an audit entry.
    static let maxDepth = 32

    private let rules: ActionRules

    /// A normaliser with the action rules over the shipped catalogue.
    public init(rules: ActionRules = ActionRules()) {
        self.rules = rules
    }

    /// The activity for `raw` in organisation `orgID`, or the reason it is refused.
    public func normalise(_ raw: [UInt8], orgID: String) throws(EntryRefusal) -> NormalisedEntry {
        try normalise(raw, kept: Data(raw), orgID: orgID)
    }

    /// The activity for the entry `entry` (as an `IngestBatch` holds it; kept as the activity's
    /// `raw` without another copy) in organisation `orgID`, or the reason it is refused.
    public func normalise(_ entry: Data, orgID: String) throws(EntryRefusal) -> NormalisedEntry {
        try normalise([UInt8](entry), kept: entry, orgID: orgID)
    }

    /// `raw` parsed, `kept` (the same bytes) stored as the activity's `raw`.
    private func normalise(_ raw: [UInt8], kept: Data, orgID: String) throws(EntryRefusal) -> NormalisedEntry {
        guard raw.count <= Self.maxEntryBytes else {
            throw EntryRefusal(
                "entry too large (\(GroupedDigits.text(raw.count, separator: " ")) bytes; at most \(GroupedDigits.text(Self.maxEntryBytes, separator: " ")))"
            )
        }
        let root: JSONElement
        do {
            root = try JSONElement.parse(raw, maxDepth: Self.maxDepth)
        } catch {
            throw EntryRefusal("not a JSON object (\(error.message))")
        }
        guard root.members != nil else { throw EntryRefusal("not a JSON object") }
        let (entryID, time) = try Self.identity(of: root, source: raw)

        var activity = Activity(orgID: orgID, entryID: entryID, time: time, ingested: Date(timeIntervalSince1970: 0), raw: kept)
        activity.action = root["action"].flatMap { SlackObjectReader.stringFit($0, source: raw) } ?? ""
        let verdict = rules.verdict(for: activity.action)
        activity.category = verdict.category
        activity.unknownAction = verdict.unknown

        let context = root["context"]
        var contextReader = SlackObjectReader(context, source: raw)
        activity.actingApp = Self.app(context?["app"], source: raw)
        activity.actor = Self.actor(root["actor"], app: activity.actingApp, source: raw)
        activity.entity = Self.entity(root["entity"], source: raw)
        activity.administrative = ActionRules.isAdministrative(
            verdict, actorID: activity.actor?.id ?? "", entityID: activity.entity?.id ?? "")

        activity.place = Self.place(context?["location"], source: raw)
        let ipText = contextReader.string("ip_address")
        let address = IPAddress(ipText)
        activity.ip = address?.description ?? ipText
        activity.userAgent = contextReader.string("ua")
        activity.sessionID = contextReader.string("session_id")
        activity.actingAgent = contextReader.string("acting_agent")
        activity.agentMessage = Self.agentMessage(context?["agent_message"], source: raw)
        activity.impersonated = Self.isImpersonated(activity)
        activity.details = DetailsText.normalised(root["details"], action: activity.action, source: raw)
        return NormalisedEntry(activity: activity, address: address)
    }

    /// The entry's `id` (a non-empty string) and `date_create` (an integer number of seconds).
    private static func identity(of root: JSONElement, source: [UInt8]) throws(EntryRefusal) -> (String, Date) {
        guard let id = root["id"], !id.isNull else { throw EntryRefusal("missing \"id\"") }
        guard let entryID = id.string else { throw EntryRefusal("\"id\" is not a string") }
        guard !entryID.isEmpty else { throw EntryRefusal("\"id\" is empty") }
        guard let created = root["date_create"], !created.isNull else { throw EntryRefusal("missing \"date_create\"") }
        guard case .number(isInteger: true) = created.value else { throw EntryRefusal("\"date_create\" is not an integer") }
        // Seconds since 1970; anything outside years 0001–9999 is not a time Slack can mean
        // (and would not survive the microsecond timestamps of the wire format).
        guard let seconds = Int64(created.text(in: source)), (-62_135_596_800...253_402_300_799).contains(seconds) else {
            throw EntryRefusal("\"date_create\" is out of range (seconds since 1970, years 1–9999)")
        }
        return (entryID, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// An activity is impersonated when the actor is a person and an app, an agent or a flow did
    /// the work (`Protocol/activity.md`, "Acting for someone").
    static func isImpersonated(_ activity: Activity) -> Bool {
        guard activity.actor?.kind == .user else { return false }
        if activity.actingApp != nil || !activity.actingAgent.isEmpty { return true }
        return activity.action.hasPrefix("mcp_slack_") || impersonatingActions.contains(activity.action)
    }

    private static let impersonatingActions: Set<String> = ["app_agentforce_execute_slack_action", "app_flows_execute_slack_action"]

}

/// An entry normalised: its activity before enrichment, and the parsed address to enrich it by.
public struct NormalisedEntry: Sendable {
    /// The activity; `sequence`, `ingested`, `location`, `ipCategory` and `ipTags` are the caller's.
    public var activity: Activity
    /// `context.ip_address` when it is an address; `nil` when absent or not an address.
    public var address: IPAddress?
}
