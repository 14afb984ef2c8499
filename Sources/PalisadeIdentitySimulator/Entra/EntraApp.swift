/// An app registration in the simulated tenant: how it proves itself at the token endpoint and
/// which Microsoft Graph application permissions (app roles) an admin granted it.
public struct EntraApp: Sendable, Hashable {
    /// A client secret: its value and when it stops working.
    public struct Secret: Sendable, Hashable {
        /// The secret's value (what the client sends as `client_secret`).
        public var value: String
        /// Unix seconds after which the secret answers AADSTS7000222; nil = never.
        public var expires: Int64?

        /// Makes a secret.
        public init(_ value: String, expires: Int64? = nil) {
            self.value = value
            self.expires = expires
        }
    }

    /// The application (client) id, a GUID.
    public var clientID: String
    /// The app's name.
    public var displayName: String
    /// Client secrets; any one that has not expired is accepted.
    public var secrets: [Secret]
    /// The certificate credential (PEM): client assertions must be RS256-signed with its key and
    /// name it by thumbprint (`x5t#S256` or `x5t`). nil = certificate credentials are refused.
    public var certificatePEM: String?
    /// Granted application permissions on Graph, e.g. `User.Read.All`, `Mail.Send`.
    public var roles: Set<String>
    /// Whether the app holds a privileged Entra admin role, so it may disable administrators.
    public var isPrivilegedAdmin: Bool

    /// What Palisade's identity service needs: read users, revoke sessions, enable/disable
    /// accounts, send mail.
    public static let palisadeRoles: Set<String> = [
        "User.Read.All", "User.RevokeSessions.All", "User.EnableDisableAccount.All", "Mail.Send",
    ]

    /// Makes an app; by default with Palisade's roles and no admin role.
    public init(
        clientID: String, displayName: String = "Palisade", secrets: [Secret] = [], certificatePEM: String? = nil,
        roles: Set<String> = EntraApp.palisadeRoles, isPrivilegedAdmin: Bool = false
    ) {
        self.clientID = clientID
        self.displayName = displayName
        self.secrets = secrets
        self.certificatePEM = certificatePEM
        self.roles = roles
        self.isPrivilegedAdmin = isPrivilegedAdmin
    }

    /// The app `palisade-sim entra` registers unless told otherwise: a fixed client id and the
    /// secret `sim-entra-secret`, with Palisade's roles.
    public static let development = EntraApp(
        clientID: "5a1e5ade-0000-4000-8000-00000000e1d1", displayName: "Palisade (simulator)",
        secrets: [Secret("sim-entra-secret")])

    /// Whether the app holds every role of one of `alternatives`.
    func holds(anyOf alternatives: [[String]]) -> Bool {
        alternatives.contains { $0.allSatisfy(roles.contains) }
    }
}
