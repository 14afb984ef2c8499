import Foundation

// Messages of `Query` and `Subscribe` in `palisade.ingestion.v1.Ingestion` (`Protocol/ingestion.md`,
// "Reading the activity log").

/// A search of the activity log: filters ANDed across fields, ORed within one, an order, a limit
/// and a resume cursor.
public struct ActivityQuery: Codable, Sendable, Equatable {
    /// Activities at or after this time. Field 1.
    public var from: Date?
    /// Activities before this time. Field 2.
    public var to: Date?
    /// Any of these organisations. Field 3.
    public var orgIDs: [String]
    /// Actor ids, or e-mails (any case) when they hold `@`. Field 4.
    public var users: [String]
    /// Action names, exactly. Field 5.
    public var actions: [String]
    /// Any of these categories. Field 6.
    public var categories: [ActivityCategory]
    /// Addresses or CIDR blocks. Field 7.
    public var ips: [String]
    /// ISO 3166-1 alpha-2 codes, any case. Field 8.
    public var countries: [String]
    /// Any of these IP categories. Field 9.
    public var ipCategories: [IPCategory]
    /// The activity carries any of these tags. Field 10.
    public var ipTags: [String]
    /// Acting app ids. Field 11.
    public var apps: [String]
    /// Only administrative (true) or only other (false) activities. Field 12.
    public var administrative: Bool?
    /// Only impersonated (true) or only other (false) activities. Field 13.
    public var impersonated: Bool?
    /// Text in an actor's or entity's name or e-mail, any case; 2 characters or more. Field 14.
    public var text: String
    /// Newest or oldest first. Field 15.
    public var order: QueryOrder
    /// At most this many activities; 0 for all. Field 16.
    public var limit: UInt32
    /// `"<time>:<sequence>"` of the last activity received, to continue after it; `""` to start. Field 17.
    public var cursor: String

    /// Makes a query; with no arguments it matches every activity, newest first.
    public init(
        from: Date? = nil, to: Date? = nil, orgIDs: [String] = [], users: [String] = [], actions: [String] = [],
        categories: [ActivityCategory] = [], ips: [String] = [], countries: [String] = [], ipCategories: [IPCategory] = [],
        ipTags: [String] = [], apps: [String] = [], administrative: Bool? = nil, impersonated: Bool? = nil, text: String = "",
        order: QueryOrder = .newestFirst, limit: UInt32 = 0, cursor: String = ""
    ) {
        (self.from, self.to, self.orgIDs, self.users, self.actions) = (from, to, orgIDs, users, actions)
        (self.categories, self.ips, self.countries, self.ipCategories, self.ipTags) = (categories, ips, countries, ipCategories, ipTags)
        (self.apps, self.administrative, self.impersonated, self.text) = (apps, administrative, impersonated, text)
        (self.order, self.limit, self.cursor) = (order, limit, cursor)
    }

    private enum CodingKeys: Int, CodingKey, CaseIterable {
        case from = 1, to, orgIDs, users, actions, categories, ips, countries, ipCategories, ipTags, apps
        case administrative, impersonated, text, order, limit, cursor
    }

    /// Decodes, refusing a JSON member that is not a field: a misspelt filter would otherwise
    /// silently widen the query to everything (`ingestion.md`, "Strict requests"). Unknown binary
    /// fields are skipped as usual, since only newer clients send them.
    public init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in members.allKeys where key.intValue == nil && CodingKeys(stringValue: key.stringValue) == nil {
            let fields = CodingKeys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(codingPath: [key], debugDescription: "\"\(key.stringValue)\" is not a field of ActivityQuery (fields: \(fields))"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeIfPresent(Date.self, forKey: .from)
        to = try container.decodeIfPresent(Date.self, forKey: .to)
        orgIDs = try container.decode([String].self, forKey: .orgIDs)
        users = try container.decode([String].self, forKey: .users)
        actions = try container.decode([String].self, forKey: .actions)
        categories = try container.decode([ActivityCategory].self, forKey: .categories)
        ips = try container.decode([String].self, forKey: .ips)
        countries = try container.decode([String].self, forKey: .countries)
        ipCategories = try container.decode([IPCategory].self, forKey: .ipCategories)
        ipTags = try container.decode([String].self, forKey: .ipTags)
        apps = try container.decode([String].self, forKey: .apps)
        administrative = try container.decodeIfPresent(Bool.self, forKey: .administrative)
        impersonated = try container.decodeIfPresent(Bool.self, forKey: .impersonated)
        text = try container.decode(String.self, forKey: .text)
        order = try container.decode(QueryOrder.self, forKey: .order)
        limit = try container.decode(UInt32.self, forKey: .limit)
        cursor = try container.decode(String.self, forKey: .cursor)
    }
}

/// The order of `Query`'s activities, by (time, sequence).
public enum QueryOrder: Int, Codable, Sendable, Hashable {
    /// Newest first (the default).
    case newestFirst = 0
    /// Oldest first.
    case oldestFirst = 1
}

/// `Subscribe`'s request: where to resume.
public struct SubscribeRequest: Codable, Sendable, Equatable {
    /// The last sequence the subscriber durably processed; 0 to start from the beginning. Field 1.
    public var afterSequence: UInt64

    /// Makes a request.
    public init(afterSequence: UInt64 = 0) { self.afterSequence = afterSequence }

    private enum CodingKeys: Int, CodingKey { case afterSequence = 1 }
}

/// A coding key for any member name or field number, to see every key a message carries.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init?(stringValue: String) { (self.stringValue, self.intValue) = (stringValue, nil) }
    init?(intValue: Int) { (self.stringValue, self.intValue) = ("\(intValue)", intValue) }
}
