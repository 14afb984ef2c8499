/// An Okta OAuth 2.0 scope the simulator checks: reading users, or managing them (which includes
/// reading, as on Okta).
public struct OktaScope: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The scope's name, e.g. `okta.users.read`.
    public let rawValue: String

    /// A scope by name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `okta.users.read`: get, list and search users.
    public static let usersRead = OktaScope(rawValue: "okta.users.read")
    /// `okta.users.manage`: lifecycle operations and clearing sessions (and reading).
    public static let usersManage = OktaScope(rawValue: "okta.users.manage")

    /// The name.
    public var description: String { rawValue }
}

/// A credential the Okta simulator accepts: an API token (`Authorization: SSWS <token>`, also
/// without the space, as Okta's Python SDK sends it) or an OAuth 2.0 access token
/// (`Authorization: Bearer <token>`), with what it may do.
///
/// An API token acts with its admin's permissions: a read-only admin's token has
/// ``OktaScope/usersRead`` only, and a lifecycle call with it is answered 403 `E0000006`.
public struct OktaCredential: Sendable, Hashable {
    /// How the credential is presented.
    public enum Scheme: String, Sendable, Hashable, Codable {
        /// An API token: `SSWS <token>`.
        case ssws = "SSWS"
        /// An OAuth 2.0 access token: `Bearer <token>`.
        case bearer = "Bearer"
    }

    /// The token itself.
    public var value: String
    /// How it is presented; the other scheme with the same value is refused.
    public var scheme: Scheme
    /// What it may do.
    public var scopes: Set<OktaScope>

    /// Makes a credential.
    public init(_ value: String, scheme: Scheme, scopes: Set<OktaScope>) {
        self.value = value
        self.scheme = scheme
        self.scopes = scopes
    }

    /// An API token of a super admin (read and manage), or of a read-only admin.
    public static func apiToken(_ value: String, readOnly: Bool = false) -> OktaCredential {
        OktaCredential(value, scheme: .ssws, scopes: readOnly ? [.usersRead] : [.usersRead, .usersManage])
    }

    /// An OAuth 2.0 access token granted `scopes`.
    public static func accessToken(_ value: String, scopes: Set<OktaScope> = [.usersRead, .usersManage]) -> OktaCredential {
        OktaCredential(value, scheme: .bearer, scopes: scopes)
    }

    /// The API token `palisade-sim okta` accepts when given none (Okta's tokens start with `00`).
    public static let development = apiToken("00sim-okta-development-token-0000000000000")

    /// Whether the credential grants `scope`; manage includes read.
    public func allows(_ scope: OktaScope) -> Bool {
        scopes.contains(scope) || (scope == .usersRead && scopes.contains(.usersManage))
    }
}
