import Foundation

/// `GetStats`' answer: what the activity log holds and what a person should look at
/// (`Protocol/ingestion.md`, "Reading the activity log").
public struct IngestionStats: Codable, Sendable, Equatable {
    /// Activities stored now. Field 1.
    public var activities: UInt64
    /// The lowest stored sequence; 0 when empty. Field 2.
    public var firstSequence: UInt64
    /// The highest sequence ever given; 0 when none. Field 3.
    public var lastSequence: UInt64
    /// The oldest activity time stored. Field 4.
    public var firstTime: Date?
    /// The newest activity time stored. Field 5.
    public var lastTime: Date?
    /// The database file and its write-ahead log, in bytes. Field 6.
    public var databaseBytes: UInt64
    /// The GeoIP database's type and path; `""` when none is configured. Field 7.
    public var geoipDatabase: String
    /// The GeoIP database's build time. Field 8.
    public var geoipBuilt: Date?
    /// Named ranges in the IP range catalogue, operator and feed. Field 9.
    public var ipRanges: UInt64
    /// CIDR blocks in them. Field 10.
    public var ipNetworks: UInt64
    /// Actions seen that the shipped catalogue lacks, most recent first (at most 100). Field 11.
    public var unknownActions: [UnknownAction]
    /// How long activities are kept. Field 12.
    public var retentionDays: UInt32
    /// What a person should look at, in sentences. Field 13.
    public var warnings: [String]

    /// Makes the figures.
    public init(
        activities: UInt64 = 0, firstSequence: UInt64 = 0, lastSequence: UInt64 = 0, firstTime: Date? = nil, lastTime: Date? = nil,
        databaseBytes: UInt64 = 0, geoipDatabase: String = "", geoipBuilt: Date? = nil, ipRanges: UInt64 = 0, ipNetworks: UInt64 = 0,
        unknownActions: [UnknownAction] = [], retentionDays: UInt32 = 0, warnings: [String] = []
    ) {
        (self.activities, self.firstSequence, self.lastSequence, self.firstTime, self.lastTime) =
            (activities, firstSequence, lastSequence, firstTime, lastTime)
        (self.databaseBytes, self.geoipDatabase, self.geoipBuilt, self.ipRanges, self.ipNetworks) =
            (databaseBytes, geoipDatabase, geoipBuilt, ipRanges, ipNetworks)
        (self.unknownActions, self.retentionDays, self.warnings) = (unknownActions, retentionDays, warnings)
    }

    private enum CodingKeys: Int, CodingKey {
        case activities = 1, firstSequence, lastSequence, firstTime, lastTime, databaseBytes, geoipDatabase, geoipBuilt
        case ipRanges, ipNetworks, unknownActions, retentionDays, warnings
    }
}

/// An action the shipped catalogue lacks, as seen in the log.
public struct UnknownAction: Codable, Sendable, Equatable {
    /// The action name. Field 1.
    public var action: String
    /// Activities with it. Field 2.
    public var count: UInt64
    /// Commit time of the first. Field 3.
    public var firstSeen: Date
    /// Commit time of the latest. Field 4.
    public var lastSeen: Date

    /// Makes an entry.
    public init(
        action: String = "", count: UInt64 = 0, firstSeen: Date = Date(timeIntervalSince1970: 0),
        lastSeen: Date = Date(timeIntervalSince1970: 0)
    ) {
        (self.action, self.count, self.firstSeen, self.lastSeen) = (action, count, firstSeen, lastSeen)
    }

    private enum CodingKeys: Int, CodingKey { case action = 1, count, firstSeen, lastSeen }
}
