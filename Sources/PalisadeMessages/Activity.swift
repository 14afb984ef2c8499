import Foundation

/// One Slack audit log entry as Palisade keeps it: normalised, enriched when ingested, with
/// Slack's bytes kept beside the normalised fields (`Protocol/activity.md`). Ingestion is its
/// only writer; detection, alerting, the CLI and scripts read it.
public struct Activity: Codable, Sendable, Equatable {
    /// Position in this ingestion database: gap-free, in commit order, from 1. Field 1.
    public var sequence: UInt64
    /// The Enterprise organisation (`E…`). Field 2.
    public var orgID: String
    /// The entry's `id`; `(orgID, entryID)` identifies the activity everywhere. Field 3.
    public var entryID: String
    /// The entry's `date_create`. Field 4.
    public var time: Date
    /// When ingestion committed it. Field 5.
    public var ingested: Date
    /// The entry's `action`, verbatim, known or not. Field 6.
    public var action: String
    /// Derived from the action (`activity.md`, "Category"). Field 7.
    public var category: ActivityCategory
    /// An administrator's kind of action. Field 8.
    public var administrative: Bool
    /// The action is not in the actions catalogue this ingestion ships. Field 9.
    public var unknownAction: Bool
    /// The entry's `actor`; nil when it has none. Field 10.
    public var actor: ActivityActor?
    /// The entry's `entity`; nil when it has none. Field 11.
    public var entity: ActivityEntity?
    /// `context.location`: the workspace or organisation acted in. Field 12.
    public var place: ActivityPlace?
    /// `context.ip_address`, canonical text. Field 13.
    public var ip: String
    /// `context.ua`. Field 14.
    public var userAgent: String
    /// `context.session_id`, always as a string. Field 15.
    public var sessionID: String
    /// An app, AI app or agent acted for the actor. Field 16.
    public var impersonated: Bool
    /// `context.app`: the app through which the action came. Field 17.
    public var actingApp: ActivityApp?
    /// `context.acting_agent`, e.g. "Slackbot". Field 18.
    public var actingAgent: String
    /// `context.agent_message`. Field 19.
    public var agentMessage: ActivityAgentMessage?
    /// GeoIP of `ip`; nil when unknown. Field 20.
    public var location: ActivityLocation?
    /// From the IP range catalogue. Field 21.
    public var ipCategory: IPCategory
    /// From the IP range catalogue: sorted, no duplicates. Field 22.
    public var ipTags: [String]
    /// The entry's `details` as JSON text, quirks normalised; "" when none. Field 23.
    public var details: String
    /// The entry exactly as received in `IngestBatch.entries`. Field 24.
    public var raw: Data

    /// Makes an activity; every field defaults to its zero value.
    public init(
        sequence: UInt64 = 0, orgID: String = "", entryID: String = "", time: Date = Date(timeIntervalSince1970: 0),
        ingested: Date = Date(timeIntervalSince1970: 0), action: String = "", category: ActivityCategory = .unspecified,
        administrative: Bool = false, unknownAction: Bool = false, actor: ActivityActor? = nil, entity: ActivityEntity? = nil,
        place: ActivityPlace? = nil, ip: String = "", userAgent: String = "", sessionID: String = "", impersonated: Bool = false,
        actingApp: ActivityApp? = nil, actingAgent: String = "", agentMessage: ActivityAgentMessage? = nil,
        location: ActivityLocation? = nil, ipCategory: IPCategory = .none, ipTags: [String] = [], details: String = "",
        raw: Data = Data()
    ) {
        self.sequence = sequence
        self.orgID = orgID
        self.entryID = entryID
        self.time = time
        self.ingested = ingested
        self.action = action
        self.category = category
        self.administrative = administrative
        self.unknownAction = unknownAction
        self.actor = actor
        self.entity = entity
        self.place = place
        self.ip = ip
        self.userAgent = userAgent
        self.sessionID = sessionID
        self.impersonated = impersonated
        self.actingApp = actingApp
        self.actingAgent = actingAgent
        self.agentMessage = agentMessage
        self.location = location
        self.ipCategory = ipCategory
        self.ipTags = ipTags
        self.details = details
        self.raw = raw
    }

    private enum CodingKeys: Int, CodingKey {
        case sequence = 1, orgID, entryID, time, ingested, action, category, administrative, unknownAction
        case actor, entity, place, ip, userAgent, sessionID, impersonated, actingApp, actingAgent, agentMessage
        case location, ipCategory, ipTags, details, raw
    }
}

/// What an activity is about, derived from its action (`activity.md`, "Category").
public enum ActivityCategory: Int, Codable, Sendable, Hashable {
    /// Never written; what an older reader sees for a newer category.
    case unspecified = 0
    /// No rule and no catalogue entry placed the action.
    case other = 1
    /// A sign-in.
    case login = 2
    /// A failed sign-in.
    case failedLogin = 3
    /// Sign-out, forced sign-out, sessions reset.
    case logout = 4
    /// Passwords, passkeys.
    case credential = 5
    /// Files, canvases, lists.
    case file = 6
    /// Channels and DMs: lifecycle, settings, sharing.
    case channel = 7
    /// Joining and leaving channels, workspaces, user groups.
    case membership = 8
    /// Messages.
    case message = 9
    /// Roles, owners, permissions.
    case role = 10
    /// Accounts: created, deactivated, profile, e-mail.
    case userManagement = 11
    /// Apps.
    case app = 12
    /// Workflows.
    case workflow = 13
    /// Organisation and workspace configuration.
    case adminSetting = 14
    /// Data exports.
    case export = 15
    /// Slack AI, Slackbot AI, MCP tools, Agentforce actions.
    case ai = 16
    /// Huddles.
    case huddle = 17
    /// Slack's own "anomaly" entries.
    case anomaly = 18
}

/// Who the actor is (`activity.md`, "Acting for someone").
public enum ActivityActorKind: Int, Codable, Sendable, Hashable {
    /// What an older reader sees for a newer kind.
    case unspecified = 0
    /// An `actor.type` other than "user"; `ActivityActor.type` says which.
    case other = 1
    /// A person.
    case user = 2
    /// An app's bot user.
    case bot = 3
    /// Slack itself: `USLACKSECURITY`, or `USLACKUSER`.
    case slack = 4
}

/// The category of the IP range an activity's address falls in (`defender.md` §3).
public enum IPCategory: Int, Codable, Sendable, Hashable {
    /// No range holds the address (also what an older reader sees for a newer category).
    case none = 0
    /// A corporate network.
    case corporate = 1
    /// An administrative network.
    case administrative = 2
    /// A risky network.
    case risky = 3
    /// A VPN.
    case vpn = 4
    /// A cloud provider.
    case cloudProvider = 5
    /// Anything else an operator named.
    case other = 6
}
