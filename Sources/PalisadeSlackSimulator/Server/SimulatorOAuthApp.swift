/// The Slack app the simulator knows for the OAuth flow (`/oauth/v2/authorize`,
/// `oauth.v2.access`): its credentials, redirect URLs and whether it rotates tokens.
public struct SimulatorOAuthApp: Sendable, Hashable {
    /// The app's client ID.
    public var clientID: String
    /// The app's client secret.
    public var clientSecret: String
    /// The app ID in answers (`app_id`).
    public var appID: String
    /// Allowed redirect URLs: a `redirect_uri` must equal one or be a sub-path of one. Empty =
    /// any `http(s)` URL is accepted (convenient for tests on random ports).
    public var redirectURLs: [String]
    /// Token rotation: tokens are `xoxe.xoxp-…` with `expires_in` and a `refresh_token`.
    public var tokenRotation: Bool
    /// `expires_in` of rotating tokens, seconds (Slack: always 43200).
    public var tokenLifetime: Int64
    /// Seconds a spent refresh token still works (Slack: "revoked after a short grace period",
    /// length undocumented). 0 = single-use at once. A client that crashed between receiving
    /// a new pair and storing it can refresh again with the old token inside this window.
    public var refreshGrace: Int64
    /// Whether the simulated org owner approves the install (else the redirect carries
    /// `error=access_denied`).
    public var approves: Bool

    /// Makes the app; by default it does not rotate tokens and any redirect URL is accepted.
    public init(
        clientID: String = "7000000001.7000000099", clientSecret: String = "sim-client-secret",
        appID: String = "A07CASB0001", redirectURLs: [String] = [], tokenRotation: Bool = false,
        tokenLifetime: Int64 = 43_200, refreshGrace: Int64 = 60, approves: Bool = true
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.appID = appID
        self.redirectURLs = redirectURLs
        self.tokenRotation = tokenRotation
        self.tokenLifetime = tokenLifetime
        self.refreshGrace = refreshGrace
        self.approves = approves
    }
}
