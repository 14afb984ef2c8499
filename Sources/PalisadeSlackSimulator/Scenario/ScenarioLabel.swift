/// One injected incident: what happened, who, which entries make it, and when.
public struct ScenarioLabel: Codable, Sendable, Hashable {
    /// Incident kind, e.g. `impossible_travel`, `tor_login`, `password_spraying` (see `ScenarioLabel.kinds`).
    public let kind: String
    /// Human-readable account of the incident.
    public let description: String
    /// The users involved (the actor, or the targets for spraying and the new app).
    public let userIDs: [String]
    /// The ids of the entries that make the incident, oldest first.
    public let entryIDs: [String]
    /// `date_create` of the first entry.
    public let start: Int64
    /// `date_create` of the last entry.
    public let end: Int64

    /// Makes a label.
    public init(kind: String, description: String, userIDs: [String], entryIDs: [String], start: Int64, end: Int64) {
        self.kind = kind
        self.description = description
        self.userIDs = userIDs
        self.entryIDs = entryIDs
        self.start = start
        self.end = end
    }

    /// Every incident kind the generator injects, in injection order.
    public static let kinds = [
        "impossible_travel", "tor_login", "anonymous_vpn_login", "password_spraying", "repeated_failed_logins",
        "admin_spree", "mass_download", "deprovisioned_user_activity", "new_app_acting_for_users",
    ]
}
