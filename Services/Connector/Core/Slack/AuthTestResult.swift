/// What `auth.test` says about a token: who and which org it belongs to, and its scopes.
///
/// For an org-level token (the only kind the Audit Logs API accepts) `teamID` is the
/// enterprise's `E…` ID, `enterpriseID` is set and `isEnterpriseInstall` is `true`.
public struct AuthTestResult: Sendable, Hashable {
    /// The workspace or org URL, e.g. `https://contoso.enterprise.slack.com/`; `""` if absent.
    public var url: String
    /// The workspace or org name; `""` if absent.
    public var team: String
    /// The token owner's user name; `""` if absent.
    public var user: String
    /// The workspace ID (`T…`), or the enterprise ID (`E…`) for an org-level token.
    public var teamID: String
    /// The token owner's user ID (`U…` or `W…`).
    public var userID: String
    /// The Enterprise org's ID, when the token belongs to one.
    public var enterpriseID: String?
    /// Whether the app is installed on the whole organization rather than a workspace.
    public var isEnterpriseInstall: Bool
    /// The token's scopes, from the `x-oauth-scopes` response header; empty when it is absent.
    public var scopes: [String]
    /// Seconds until the token expires (token rotation on), or `nil` for a long-lived token.
    public var expiresIn: Int?

    /// Creates a result; the client does this, tests and fakes may too.
    public init(
        url: String, team: String, user: String, teamID: String, userID: String, enterpriseID: String?,
        isEnterpriseInstall: Bool, scopes: [String], expiresIn: Int?
    ) {
        self.url = url
        self.team = team
        self.user = user
        self.teamID = teamID
        self.userID = userID
        self.enterpriseID = enterpriseID
        self.isEnterpriseInstall = isEnterpriseInstall
        self.scopes = scopes
        self.expiresIn = expiresIn
    }
}
