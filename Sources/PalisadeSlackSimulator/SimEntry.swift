/// One Slack audit log entry held by the simulator, serialised once when it is created.
///
/// The simulator answers `GET /audit/v1/logs` by filtering on the indexed fields and copying
/// `json` bytes into the page, so serving a page costs a memory copy, not a JSON encoding.
public struct SimEntry: Sendable, Hashable {
    /// The entry's `id` (UUID-shaped, unique).
    public let id: String
    /// `date_create`, Unix seconds.
    public let dateCreate: Int64
    /// `action`, e.g. `user_login`.
    public let action: String
    /// `actor.user.id` (the `actor` filter).
    public let actorID: String
    /// The id inside `entity.<type>` (the `entity` filter).
    public let entityID: String
    /// The entry as Slack sends it: one compact JSON object, UTF-8.
    public let json: [UInt8]
    /// The same entry with Slack's documented type quirks applied (`context.session_id` as a
    /// JSON number, `details.reason` as a string, `details.succeeded_users` as a JSON-encoded
    /// string), or nil when no quirk applies to this entry. Served instead of `json` when the
    /// quirks switch is on.
    public let quirkJSON: [UInt8]?

    /// Makes an entry.
    public init(
        id: String, dateCreate: Int64, action: String, actorID: String, entityID: String,
        json: [UInt8], quirkJSON: [UInt8]? = nil
    ) {
        self.id = id
        self.dateCreate = dateCreate
        self.action = action
        self.actorID = actorID
        self.entityID = entityID
        self.json = json
        self.quirkJSON = quirkJSON
    }

    /// Order of the audit log: by `date_create`, then by `id` so equal seconds have a stable
    /// order (Slack's own tie order is not documented). The API serves the reverse.
    public static func isOlder(_ a: SimEntry, than b: SimEntry) -> Bool {
        a.dateCreate != b.dateCreate ? a.dateCreate < b.dateCreate : a.id < b.id
    }
}
