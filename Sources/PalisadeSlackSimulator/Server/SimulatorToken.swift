/// A token the simulator accepts from the start (configured, not issued through OAuth).
///
/// The defaults describe the token the Audit Logs API wants: a user token of the enterprise's
/// org owner, installed on the organization, with `auditlogs:read`. The other fields exist so
/// tests can present the wrong kinds of token and see Slack's refusals.
public struct SimulatorToken: Sendable, Hashable {
    /// Where the app that owns the token was installed.
    public enum Installation: Sendable, Hashable {
        /// On the Enterprise organization (what the Audit Logs API requires).
        case organization
        /// On one workspace (`T…`): the API answers `team_not_authorized`.
        case workspace(teamID: String)
    }

    /// The bearer token, e.g. `xoxp-…`.
    public var value: String
    /// Granted scopes; the Audit Logs API needs `auditlogs:read`.
    public var scopes: [String]
    /// Organization or workspace install.
    public var installation: Installation
    /// Whether the installing user is an org owner (else `user_not_authorized`).
    public var isOrgOwner: Bool
    /// The installing user's ID; nil = the enterprise's owner from the configuration.
    public var userID: String?
    /// When the token expires (Unix seconds); nil = never (a non-rotating token).
    public var expiresAt: Int64?

    /// Makes a token; every parameter but the value defaults to the working org-owner token.
    public init(
        _ value: String, scopes: [String] = ["auditlogs:read"], installation: Installation = .organization,
        isOrgOwner: Bool = true, userID: String? = nil, expiresAt: Int64? = nil
    ) {
        self.value = value
        self.scopes = scopes
        self.installation = installation
        self.isOrgOwner = isOrgOwner
        self.userID = userID
        self.expiresAt = expiresAt
    }

    /// The development token: what `palisade-sim slack` accepts when no `--token` is given.
    public static let development = SimulatorToken(
        "xoxp-7000000001-7000000002-7000000003-5f1c0ffee5f1c0ffee5f1c0ffee5f1c0")
}
