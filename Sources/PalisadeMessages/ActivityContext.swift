import Foundation

/// `context.app`: the app through which an action came (`Protocol/activity.md`).
public struct ActivityApp: Codable, Sendable, Equatable {
    /// `A…`. Field 1.
    public var id: String
    /// The app's name. Field 2.
    public var name: String
    /// User-token scopes. Field 3.
    public var scopes: [String]
    /// `scopes_bot`. Field 4.
    public var botScopes: [String]
    /// `is_distributed`. Field 5.
    public var distributed: Bool?
    /// `is_directory_approved`. Field 6.
    public var directoryApproved: Bool?
    /// `is_workflow_app`. Field 7.
    public var workflowApp: Bool?
    /// The creating user's id. Field 8.
    public var creator: String
    /// The app's team. Field 9.
    public var team: String
    /// Every other member, its JSON text verbatim. Field 10.
    public var fields: [String: String]

    /// Makes an app.
    public init(
        id: String = "", name: String = "", scopes: [String] = [], botScopes: [String] = [], distributed: Bool? = nil,
        directoryApproved: Bool? = nil, workflowApp: Bool? = nil, creator: String = "", team: String = "",
        fields: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.botScopes = botScopes
        self.distributed = distributed
        self.directoryApproved = directoryApproved
        self.workflowApp = workflowApp
        self.creator = creator
        self.team = team
        self.fields = fields
    }

    private enum CodingKeys: Int, CodingKey {
        case id = 1, name, scopes, botScopes, distributed, directoryApproved, workflowApp, creator, team, fields
    }
}

/// `context.agent_message`: the message an agent acted on.
public struct ActivityAgentMessage: Codable, Sendable, Equatable {
    /// Its team. Field 1.
    public var team: String
    /// `channel_id`. Field 2.
    public var channelID: String
    /// `message_ts`. Field 3.
    public var messageTS: String
    /// `thread_ts`. Field 4.
    public var threadTS: String

    /// Makes an agent message.
    public init(team: String = "", channelID: String = "", messageTS: String = "", threadTS: String = "") {
        self.team = team
        self.channelID = channelID
        self.messageTS = messageTS
        self.threadTS = threadTS
    }

    private enum CodingKeys: Int, CodingKey { case team = 1, channelID, messageTS, threadTS }
}

/// Where an activity's IP address is, by GeoIP; every field is absent when unknown.
public struct ActivityLocation: Codable, Sendable, Equatable {
    /// ISO 3166-1 alpha-2, e.g. "DE". Field 1.
    public var country: String?
    /// English name of the first (largest) subdivision. Field 2.
    public var subdivision: String?
    /// English name, as the database writes it. Field 3.
    public var city: String?
    /// Degrees; present together with `longitude`. Field 4.
    public var latitude: Double?
    /// Degrees. Field 5.
    public var longitude: Double?
    /// Only when the database has one (DB-IP Lite has none). Field 6.
    public var accuracyRadiusKm: UInt32?
    /// Build time of the GeoIP database that answered. Field 7.
    public var databaseBuilt: Date?

    /// Makes a location.
    public init(
        country: String? = nil, subdivision: String? = nil, city: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, accuracyRadiusKm: UInt32? = nil, databaseBuilt: Date? = nil
    ) {
        self.country = country
        self.subdivision = subdivision
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.accuracyRadiusKm = accuracyRadiusKm
        self.databaseBuilt = databaseBuilt
    }

    private enum CodingKeys: Int, CodingKey {
        case country = 1, subdivision, city, latitude, longitude, accuracyRadiusKm, databaseBuilt
    }
}
