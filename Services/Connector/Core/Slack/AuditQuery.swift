/// The filters and paging of one `GET /audit/v1/logs` call; unset parameters are not sent.
///
/// Slack's cursor does not carry the filters, so send the same `oldest`, `latest`, `actions`,
/// `actor` and `entity` with every page, only changing `cursor`; without `oldest`, paging runs
/// on into all older history (reference §1.3).
public struct AuditQuery: Sendable, Hashable {
    /// The oldest `date_create` to include, Unix seconds, inclusive.
    public var oldest: Int64?
    /// The newest `date_create` to include, Unix seconds, inclusive.
    public var latest: Int64?
    /// How many entries to ask for; Slack allows up to 9,999 and may return more when several
    /// events share the boundary second.
    public var limit: Int?
    /// Action names to include (Slack accepts up to 30), sent as one comma-separated `action`
    /// parameter; empty means every action.
    public var actions: [String]
    /// The user ID that performed the action, e.g. `W123AB456`.
    public var actor: String?
    /// The ID of the action's target (channel, file, user, workspace...).
    public var entity: String?
    /// The `next_cursor` of the previous page, or `nil` for the first page.
    public var cursor: String?

    /// Creates a query.
    public init(
        oldest: Int64? = nil,
        latest: Int64? = nil,
        limit: Int? = nil,
        actions: [String] = [],
        actor: String? = nil,
        entity: String? = nil,
        cursor: String? = nil
    ) {
        self.oldest = oldest
        self.latest = latest
        self.limit = limit
        self.actions = actions
        self.actor = actor
        self.entity = entity
        self.cursor = cursor
    }

    /// The query's parameters in a fixed order, only those that are set, values not yet encoded.
    var parameters: [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = []
        if let oldest { parameters.append(("oldest", String(oldest))) }
        if let latest { parameters.append(("latest", String(latest))) }
        if let limit { parameters.append(("limit", String(limit))) }
        if !actions.isEmpty { parameters.append(("action", actions.joined(separator: ","))) }
        if let actor { parameters.append(("actor", actor)) }
        if let entity { parameters.append(("entity", entity)) }
        if let cursor { parameters.append(("cursor", cursor)) }
        return parameters
    }
}
