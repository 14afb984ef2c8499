import Foundation

// Messages of `palisade.connector.v1.Connector`, specified in `Protocol/connector.md`.

/// Where a connection stands.
public enum ConnectionState: Int, Codable, Sendable, Hashable {
    /// Not reported (never sent on purpose; what an older reader sees for a newer state).
    case unknown = 0
    /// Fetching the history window (`backfillPercent` says how far).
    case backfilling = 1
    /// Caught up; polling on schedule.
    case connected = 2
    /// Slack answered 429; polling resumes at `rateLimitedUntil`.
    case rateLimited = 3
    /// Stopped on an error a person must fix (`lastError` says what); `Sync` retries.
    case error = 4
    /// Failing on errors that are retried by themselves (Slack 5xx, network); `lastError` says which.
    case retrying = 5
    /// Fetching is paused: the outbox is at its limit while ingestion does not take it
    /// (`lastError` says how full); it resumes as the outbox drains.
    case waiting = 6
}

/// One Slack organisation connected to Palisade, as `ListConnections` reports it.
public struct ConnectionInfo: Codable, Sendable, Equatable {
    /// The connector's id for the connection. Field 1.
    public var id: String
    /// The Slack Enterprise organisation id (`E…`). Field 2.
    public var orgID: String
    /// The organisation's name. Field 3.
    public var orgName: String
    /// Where it stands. Field 4.
    public var state: ConnectionState
    /// One line for a person: "Connected", "Backfilling 42%", "Rate limited until …", "Error: …". Field 5.
    public var statusText: String
    /// Share of the backfill window stored, 0…100. Field 6.
    public var backfillPercent: Double
    /// When a poll last succeeded. Field 7.
    public var lastSuccess: Date?
    /// The last error, empty if the last attempt succeeded. Field 8.
    public var lastError: String
    /// When polling resumes after a 429. Field 9.
    public var rateLimitedUntil: Date?
    /// Entries fetched from Slack over the connection's life. Field 10.
    public var entriesFetched: UInt64
    /// Entries in the outbox, not yet acknowledged by ingestion. Field 11.
    public var entriesPending: UInt64
    /// Every entry dated at or before this instant has been fetched. Field 12.
    public var watermark: Date?
    /// When the connection was added. Field 13.
    public var created: Date?
    /// How the token was obtained: "token" or "oauth"; "oauth+rotation" when it rotates. Field 14.
    public var credential: String
    /// Entries ingestion refused for good, kept in the connector's dead-letter table instead of
    /// being delivered. Field 15.
    public var entriesDeadLettered: UInt64
    /// This machine's clock minus Slack's (its `Date` header) at the connection's last page, in
    /// seconds; 0 until measured. Field 16.
    public var clockSkewSeconds: Int64

    /// Makes a connection description.
    public init(
        id: String = "", orgID: String = "", orgName: String = "", state: ConnectionState = .unknown,
        statusText: String = "", backfillPercent: Double = 0, lastSuccess: Date? = nil, lastError: String = "",
        rateLimitedUntil: Date? = nil, entriesFetched: UInt64 = 0, entriesPending: UInt64 = 0,
        watermark: Date? = nil, created: Date? = nil, credential: String = "", entriesDeadLettered: UInt64 = 0,
        clockSkewSeconds: Int64 = 0
    ) {
        self.id = id
        self.orgID = orgID
        self.orgName = orgName
        self.state = state
        self.statusText = statusText
        self.backfillPercent = backfillPercent
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.rateLimitedUntil = rateLimitedUntil
        self.entriesFetched = entriesFetched
        self.entriesPending = entriesPending
        self.watermark = watermark
        self.created = created
        self.credential = credential
        self.entriesDeadLettered = entriesDeadLettered
        self.clockSkewSeconds = clockSkewSeconds
    }

    private enum CodingKeys: Int, CodingKey {
        case id = 1, orgID, orgName, state, statusText, backfillPercent, lastSuccess, lastError
        case rateLimitedUntil, entriesFetched, entriesPending, watermark, created, credential
        case entriesDeadLettered = 15, clockSkewSeconds
    }
}

/// Request of `AddConnection`: connect an organisation with a token an org owner issued.
public struct AddConnectionRequest: Codable, Sendable, Equatable {
    /// A user token (`xoxp-…`) of an org-level install with `auditlogs:read`. Field 1. Never logged.
    public var token: String
    /// Days of history to fetch first; 0 = the connector's default. Field 2.
    public var backfillDays: UInt32

    /// Makes a request.
    public init(token: String = "", backfillDays: UInt32 = 0) {
        self.token = token
        self.backfillDays = backfillDays
    }

    private enum CodingKeys: Int, CodingKey {
        case token = 1, backfillDays
    }
}

/// Request of `BeginOAuth`: where Slack should send the org owner back to.
public struct BeginOAuthRequest: Codable, Sendable, Equatable {
    /// The redirect URI registered for the Slack app (the CLI uses a loopback listener). Field 1.
    public var redirectURI: String

    /// Makes a request.
    public init(redirectURI: String = "") { self.redirectURI = redirectURI }

    private enum CodingKeys: Int, CodingKey { case redirectURI = 1 }
}

/// Response of `BeginOAuth`.
public struct BeginOAuthResponse: Codable, Sendable, Equatable {
    /// The URL to open in a browser signed in as the org owner. Field 1.
    public var authorizeURL: String
    /// The CSRF state the redirect must carry back. Field 2.
    public var state: String

    /// Makes a response.
    public init(authorizeURL: String = "", state: String = "") {
        self.authorizeURL = authorizeURL
        self.state = state
    }

    private enum CodingKeys: Int, CodingKey { case authorizeURL = 1, state }
}

/// Request of `CompleteOAuth`: what the redirect carried.
public struct CompleteOAuthRequest: Codable, Sendable, Equatable {
    /// The `code` query parameter. Field 1. Never logged.
    public var code: String
    /// The `state` query parameter; must match `BeginOAuth`'s. Field 2.
    public var state: String
    /// The same redirect URI as in `BeginOAuth`. Field 3.
    public var redirectURI: String
    /// Days of history to fetch first; 0 = default. Field 4.
    public var backfillDays: UInt32

    /// Makes a request.
    public init(code: String = "", state: String = "", redirectURI: String = "", backfillDays: UInt32 = 0) {
        self.code = code
        self.state = state
        self.redirectURI = redirectURI
        self.backfillDays = backfillDays
    }

    private enum CodingKeys: Int, CodingKey { case code = 1, state, redirectURI, backfillDays }
}

/// Names one connection (`Sync`, `RemoveConnection`).
public struct ConnectionRef: Codable, Sendable, Equatable {
    /// The connection id, or the org id. Field 1.
    public var id: String

    /// Makes a reference.
    public init(id: String = "") { self.id = id }

    private enum CodingKeys: Int, CodingKey { case id = 1 }
}

/// Response of `ListConnections`.
public struct ConnectionList: Codable, Sendable, Equatable {
    /// Every connection, oldest first. Field 1.
    public var connections: [ConnectionInfo]
    /// How delivery to ingestion goes (for every connection: one outbox, one forwarder). Field 2.
    public var delivery: DeliveryStatus?

    /// Makes a list.
    public init(connections: [ConnectionInfo] = [], delivery: DeliveryStatus? = nil) {
        self.connections = connections
        self.delivery = delivery
    }

    private enum CodingKeys: Int, CodingKey { case connections = 1, delivery = 2 }
}

/// How the connector's delivery to ingestion goes: healthy, or failing since when and why.
public struct DeliveryStatus: Codable, Sendable, Equatable {
    /// Whether the last `Ingest` call failed (nothing has been acknowledged since `failingSince`). Field 1.
    public var failing: Bool
    /// When the current run of failed calls began. Field 2.
    public var failingSince: Date?
    /// Why the last call failed; empty when it succeeded. Field 3.
    public var lastError: String
    /// When ingestion last acknowledged a call. Field 4.
    public var lastDelivered: Date?

    /// Makes a status.
    public init(failing: Bool = false, failingSince: Date? = nil, lastError: String = "", lastDelivered: Date? = nil) {
        self.failing = failing
        self.failingSince = failingSince
        self.lastError = lastError
        self.lastDelivered = lastDelivered
    }

    private enum CodingKeys: Int, CodingKey { case failing = 1, failingSince = 2, lastError = 3, lastDelivered = 4 }
}

/// An empty message (requests and responses that carry nothing).
public struct Empty: Codable, Sendable, Equatable {
    /// Makes the empty message.
    public init() {}
}
