/// What to generate: the size of the organisation, the period and the number of audit entries.
///
/// Two generations from equal configurations produce byte-identical entries.
public struct ScenarioConfiguration: Sendable, Hashable, Codable {
    /// Seed of every random choice (organisation, activity, incidents, ids).
    public var seed: UInt64 = 1
    /// Number of people; a few bot users of apps are added on top.
    public var users: Int = 200
    /// Number of workspaces (`T…`) in the enterprise.
    public var workspaces: Int = 4
    /// Unix seconds; the generated period ends here, inclusive.
    public var end: Int64
    /// Length of the period in days: `[end - days*86400 + 1, end]`.
    public var days: Int = 7
    /// Exact total number of entries produced, incidents included.
    public var entries: Int = 50_000
    /// Whether labelled incidents are injected before the background activity is filled in.
    public var incidents: Bool = true
    /// Days at the start of the period with background activity only, so a detector's baselines
    /// can learn (7 for detection's default learning period) before the first incident.
    public var quietDays: Int = 0

    /// Makes a configuration; sizes below their minimum are raised when generating (one user, one workspace, one day).
    public init(
        seed: UInt64 = 1, users: Int = 200, workspaces: Int = 4, end: Int64, days: Int = 7,
        entries: Int = 50_000, incidents: Bool = true, quietDays: Int = 0
    ) {
        self.seed = seed
        self.users = users
        self.workspaces = workspaces
        self.end = end
        self.days = days
        self.entries = entries
        self.incidents = incidents
        self.quietDays = quietDays
    }

    /// First second of the period (inclusive).
    public var start: Int64 { end - Int64(max(1, days)) * 86_400 + 1 }
}
