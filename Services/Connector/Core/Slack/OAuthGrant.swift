/// The token `oauth.v2.access` granted, from a code exchange or a refresh.
///
/// ``description`` and ``customMirror`` (used by `dump`) leave the tokens out, so a grant can be
/// logged.
public struct OAuthGrant: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The access token: the user token (`xoxp-…`, or `xoxe.xoxp-…` with rotation).
    public var accessToken: String
    /// The single-use refresh token (`xoxe-1-…`) when token rotation is on.
    public var refreshToken: String?
    /// Seconds until ``accessToken`` expires (43,200 with rotation), `nil` for a long-lived token.
    public var expiresIn: Int?
    /// The granted scopes, comma-separated as Slack sends them, e.g. `auditlogs:read,users:read`.
    public var scope: String
    /// The installing user's ID; `""` when Slack's response names none (a refresh response
    /// carries no user).
    public var userID: String
    /// The Enterprise org's ID, for an install on (or inside) an Enterprise org.
    public var enterpriseID: String?
    /// The Enterprise org's name.
    public var enterpriseName: String?
    /// Whether the app was installed on the whole organization; the Audit Logs API needs this.
    public var isEnterpriseInstall: Bool

    /// Creates a grant; the client does this, tests and fakes may too.
    public init(
        accessToken: String, refreshToken: String?, expiresIn: Int?, scope: String, userID: String,
        enterpriseID: String?, enterpriseName: String?, isEnterpriseInstall: Bool
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.scope = scope
        self.userID = userID
        self.enterpriseID = enterpriseID
        self.enterpriseName = enterpriseName
        self.isEnterpriseInstall = isEnterpriseInstall
    }

    /// Everything but the tokens.
    public var description: String {
        let expiry = expiresIn.map { "expires in \($0) s" } ?? "no expiry"
        let refresh = refreshToken == nil ? "no refresh token" : "refresh token present"
        return "OAuthGrant(user: \(userID), enterprise: \(enterpriseID ?? "none"), "
            + "enterprise install: \(isEnterpriseInstall), scope: \(scope), \(expiry), \(refresh))"
    }

    /// The same as ``description``: `dump` and debuggers must not show the tokens either.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }
}
