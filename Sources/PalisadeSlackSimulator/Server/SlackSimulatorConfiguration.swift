/// Everything a `SlackSimulator` is made with: the simulated enterprise, the tokens and OAuth app
/// it knows, the rate limit and the faults to inject.
public struct SlackSimulatorConfiguration: Sendable {
    /// The simulated Enterprise organization and its owner (the installing user).
    public struct Enterprise: Sendable, Hashable {
        /// The `E…` enterprise ID (`team_id` and `enterprise_id` in `auth.test`).
        public var id: String
        /// The organization's name.
        public var name: String
        /// The org's domain, as in `https://<domain>.enterprise.slack.com/`.
        public var domain: String
        /// The org owner's user ID (`W…`): the `authed_user.id` of OAuth installs.
        public var ownerUserID: String
        /// The org owner's user name (`user` in `auth.test`).
        public var ownerName: String

        /// Makes the enterprise; the defaults are the constructed example of slack-api.md §2.3.
        public init(
            id: String = "E0CONTOSO1", name: String = "Contoso", domain: String = "contoso",
            ownerUserID: String = "W0OWNER001", ownerName: String = "owner"
        ) {
            self.id = id
            self.name = name
            self.domain = domain
            self.ownerUserID = ownerUserID
            self.ownerName = ownerName
        }

        /// The org URL that `auth.test` reports.
        public var url: String { "https://\(domain).enterprise.slack.com/" }
    }

    /// The organization.
    public var enterprise: Enterprise
    /// Tokens accepted from the start (OAuth adds more).
    public var tokens: [SimulatorToken]
    /// The app for the OAuth flow; nil = `oauth.v2.access` answers `invalid_client_id`.
    public var oauthApp: SimulatorOAuthApp?
    /// Org-wide limit of `/audit/v1/*` requests per minute (Slack Tier 3: about 50); 0 = off.
    public var rateLimitPerMinute: Int
    /// Requests the bucket holds when full (Slack: "sporadic bursts").
    public var rateLimitBurst: Int
    /// Faults to inject into `/audit/v1/logs` answers.
    public var faults: [SimulatorFault]
    /// Whether the Audit Logs feature is on (off: every `/logs` call gets `feature_not_enabled`).
    public var featureEnabled: Bool
    /// Whether every page is served in its quirky form (`SimEntry.quirkJSON`); see also the
    /// `quirks` fault for some pages only.
    public var quirks: Bool
    /// Seeds issued tokens, codes and probabilistic faults.
    public var seed: UInt64
    /// The page size when a request sends no `limit` (Slack does not document its default).
    public var defaultLimit: Int
    /// How many distinct cursors are remembered; older ones become `invalid_cursor`.
    public var maxIssuedCursors: Int
    /// The simulator's "now": range checks, code and token expiry.
    public var clock: SimulatorClock

    /// Makes a configuration; by default: the development token, no OAuth app, 50 requests a
    /// minute with a burst of 20, no faults.
    public init(
        enterprise: Enterprise = Enterprise(), tokens: [SimulatorToken] = [.development],
        oauthApp: SimulatorOAuthApp? = nil, rateLimitPerMinute: Int = 50, rateLimitBurst: Int = 20,
        faults: [SimulatorFault] = [], featureEnabled: Bool = true, quirks: Bool = false, seed: UInt64 = 1,
        defaultLimit: Int = 100, maxIssuedCursors: Int = 100_000, clock: SimulatorClock = .system
    ) {
        self.enterprise = enterprise
        self.tokens = tokens
        self.oauthApp = oauthApp
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitBurst = rateLimitBurst
        self.faults = faults
        self.featureEnabled = featureEnabled
        self.quirks = quirks
        self.seed = seed
        self.defaultLimit = defaultLimit
        self.maxIssuedCursors = maxIssuedCursors
        self.clock = clock
    }
}
