import Foundation

/// The entry's `actor` (`Protocol/activity.md`).
public struct ActivityActor: Codable, Sendable, Equatable {
    /// A person, a bot, Slack itself, or other. Field 1.
    public var kind: ActivityActorKind
    /// `actor.type` verbatim ("user" is the only documented value). Field 2.
    public var type: String
    /// `W…`/`U…`, or `USLACKSECURITY`, `USLACKUSER`. Field 3.
    public var id: String
    /// The actor's name. Field 4.
    public var name: String
    /// The actor's e-mail. Field 5.
    public var email: String
    /// The actor's workspace (`T…`) or organisation (`E…`). Field 6.
    public var team: String
    /// `account_type`. Field 7.
    public var accountType: String
    /// Every other member, its JSON text verbatim. Field 8.
    public var fields: [String: String]

    /// Makes an actor.
    public init(
        kind: ActivityActorKind = .unspecified, type: String = "", id: String = "", name: String = "", email: String = "",
        team: String = "", accountType: String = "", fields: [String: String] = [:]
    ) {
        self.kind = kind
        self.type = type
        self.id = id
        self.name = name
        self.email = email
        self.team = team
        self.accountType = accountType
        self.fields = fields
    }

    private enum CodingKeys: Int, CodingKey { case kind = 1, type, id, name, email, team, accountType, fields }
}

/// The entry's `entity`: typed fields for the common entity types, every other member kept as
/// its JSON text in `fields` (`Protocol/activity.md`).
public struct ActivityEntity: Codable, Sendable, Equatable {
    /// `entity.type` verbatim: user, channel, file, app, canvas… Field 1.
    public var type: String
    /// The entity's id. Field 2.
    public var id: String
    /// `name`, or `template_name` when there is no `name`. Field 3.
    public var name: String
    /// A user's e-mail. Field 4.
    public var email: String
    /// A user's or message's team. Field 5.
    public var team: String
    /// A workspace's or enterprise's domain. Field 6.
    public var domain: String
    /// A user's `account_type`. Field 7.
    public var accountType: String
    /// A channel's privacy: "public", "private", or what Slack sends. Field 8.
    public var privacy: String
    /// A channel's `is_shared`. Field 9.
    public var shared: Bool?
    /// A channel's `is_org_shared`. Field 10.
    public var orgShared: Bool?
    /// A channel's `teams_shared_with`. Field 11.
    public var sharedWith: [String]
    /// A file's or canvas's `filetype`. Field 12.
    public var fileType: String
    /// A file's or canvas's title. Field 13.
    public var title: String
    /// An app's scopes. Field 14.
    public var scopes: [String]
    /// An app's `bot_scopes`. Field 15.
    public var botScopes: [String]
    /// An app's `is_distributed`. Field 16.
    public var distributed: Bool?
    /// An app's `is_directory_approved`. Field 17.
    public var directoryApproved: Bool?
    /// An app's `is_workflow_app`. Field 18.
    public var workflowApp: Bool?
    /// A function's or workflow's `app_id`. Field 19.
    public var appID: String
    /// A message's channel. Field 20.
    public var channel: String
    /// A message's `timestamp`. Field 21.
    public var messageTS: String
    /// Every other member, its JSON text verbatim. Field 22.
    public var fields: [String: String]

    /// Makes an entity.
    public init(
        type: String = "", id: String = "", name: String = "", email: String = "", team: String = "", domain: String = "",
        accountType: String = "", privacy: String = "", shared: Bool? = nil, orgShared: Bool? = nil, sharedWith: [String] = [],
        fileType: String = "", title: String = "", scopes: [String] = [], botScopes: [String] = [], distributed: Bool? = nil,
        directoryApproved: Bool? = nil, workflowApp: Bool? = nil, appID: String = "", channel: String = "",
        messageTS: String = "", fields: [String: String] = [:]
    ) {
        self.type = type
        self.id = id
        self.name = name
        self.email = email
        self.team = team
        self.domain = domain
        self.accountType = accountType
        self.privacy = privacy
        self.shared = shared
        self.orgShared = orgShared
        self.sharedWith = sharedWith
        self.fileType = fileType
        self.title = title
        self.scopes = scopes
        self.botScopes = botScopes
        self.distributed = distributed
        self.directoryApproved = directoryApproved
        self.workflowApp = workflowApp
        self.appID = appID
        self.channel = channel
        self.messageTS = messageTS
        self.fields = fields
    }

    private enum CodingKeys: Int, CodingKey {
        case type = 1, id, name, email, team, domain, accountType, privacy, shared, orgShared, sharedWith, fileType, title
        case scopes, botScopes, distributed, directoryApproved, workflowApp, appID, channel, messageTS, fields
    }
}

/// `context.location`: the workspace or organisation an activity happened in.
public struct ActivityPlace: Codable, Sendable, Equatable {
    /// "workspace" or "enterprise". Field 1.
    public var type: String
    /// `T…` or `E…`. Field 2.
    public var id: String
    /// Its name. Field 3.
    public var name: String
    /// Its domain. Field 4.
    public var domain: String

    /// Makes a place.
    public init(type: String = "", id: String = "", name: String = "", domain: String = "") {
        self.type = type
        self.id = id
        self.name = name
        self.domain = domain
    }

    private enum CodingKeys: Int, CodingKey { case type = 1, id, name, domain }
}
