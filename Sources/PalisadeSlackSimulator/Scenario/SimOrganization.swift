/// A workspace (`T…`) of the simulated enterprise.
public struct SimWorkspace: Sendable, Hashable, Codable {
    /// Workspace id, `T` + 10 characters.
    public let id: String
    /// Display name, e.g. `Northwind Engineering`.
    public let name: String
    /// Slack subdomain, e.g. `northwind-engineering`.
    public let domain: String
}

/// The role a simulated account holds.
public enum SimRole: String, Sendable, Hashable, Codable {
    /// Org owner: may do every admin action.
    case owner
    /// Org admin.
    case admin
    /// Regular member.
    case member
    /// The bot user of an app with a bot token.
    case bot
}

/// A person or an app's bot user.
public struct SimUser: Sendable, Hashable, Codable {
    /// User id, `W` + 10 characters.
    public let id: String
    /// Real name (may contain accents and quotes).
    public let name: String
    /// E-mail; `botuser-T…-A…@slack-bots.com` for bot users.
    public let email: String
    /// `team` of the actor object: the primary workspace (`T…`), or the enterprise (`E…`) for owners and admins.
    public let team: String
    /// Index into `SimOrganization.workspaces` of the user's primary workspace.
    public let workspace: Int
    /// Index into `SimOrganization.sites` of the user's home site (always an office or home site for people).
    public let site: Int
    /// Owner, admin, member or bot.
    public let role: SimRole
    /// For a bot user, the id of its app.
    public let appID: String?

    /// Whether the user may do admin actions.
    public var isAdmin: Bool { role == .owner || role == .admin }
}

/// How an app acts in the audit log.
public enum SimAppToken: String, Sendable, Hashable, Codable {
    /// User token: the actor is the user, `context.app` names the app.
    case user
    /// Bot token: the actor is the app's bot user, `session_id` is null, `context.app.scopes_bot` is set.
    case bot
}

/// An app installed in the enterprise.
public struct SimApp: Sendable, Hashable, Codable {
    /// App id, `A` + 10 characters.
    public let id: String
    /// App name.
    public let name: String
    /// User-token or bot-token app.
    public let token: SimAppToken
    /// User scopes.
    public let scopes: [String]
    /// Bot scopes.
    public let botScopes: [String]
    /// Workspace the app was installed in (`T…`).
    public let team: String
    /// User id of the app's creator.
    public let creator: String
    /// `is_distributed`.
    public let isDistributed: Bool
    /// `is_directory_approved`.
    public let isDirectoryApproved: Bool
    /// Index into `SimOrganization.users` of the bot user (bot-token apps only).
    public let botUser: Int?
    /// True for the app used only by the `new_app_acting_for_users` incident, never in background activity.
    public let isIncidentApp: Bool
}

/// The simulated Slack Enterprise organisation.
public struct SimOrganization: Sendable, Hashable, Codable {
    /// Enterprise id, `E` + 10 characters.
    public let id: String
    /// Enterprise name.
    public let name: String
    /// Enterprise subdomain.
    public let domain: String
    /// Domain of people's e-mail addresses.
    public let emailDomain: String
    /// Workspaces.
    public let workspaces: [SimWorkspace]
    /// People first (`0..<people`), then the bot users of bot-token apps.
    public let users: [SimUser]
    /// Number of people at the start of `users`.
    public let people: Int
    /// Installed apps.
    public let apps: [SimApp]
    /// Where IPs come from (office, home, Tor, VPN, cloud), `SimSite.all`.
    public let sites: [SimSite]

    /// Makes an organisation (normally done by `Scenario.generate`).
    public init(
        id: String, name: String, domain: String, emailDomain: String, workspaces: [SimWorkspace],
        users: [SimUser], people: Int, apps: [SimApp], sites: [SimSite]
    ) {
        self.id = id
        self.name = name
        self.domain = domain
        self.emailDomain = emailDomain
        self.workspaces = workspaces
        self.users = users
        self.people = people
        self.apps = apps
        self.sites = sites
    }

    /// Indices of sites of the given category.
    public func sites(_ category: SimSiteCategory) -> [Int] {
        sites.indices.filter { sites[$0].category == category }
    }
}
