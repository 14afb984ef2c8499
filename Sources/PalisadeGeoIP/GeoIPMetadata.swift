internal import CMaxMindDB
import Foundation

/// What a GeoIP database says about itself (the MaxMind DB metadata section).
public struct GeoIPMetadata: Sendable, Equatable {
    /// The database's type name, e.g. "DBIP-City-Lite" or "GeoLite2-City".
    public let databaseType: String
    /// When the database was built (`build_epoch`, whole seconds since 1970-01-01 UTC, so
    /// `buildDate.timeIntervalSince1970` gives the epoch back exactly). Stored with each lookup's
    /// result, it keeps history comparable after a database upgrade.
    public let buildDate: Date
    /// 4 for an IPv4-only tree, 6 for a tree holding both families.
    public let ipVersion: Int
    /// The number of nodes in the search tree.
    public let nodeCount: Int
    /// Bits per search-tree record: 24, 28 or 32.
    public let recordSize: Int
    /// The languages the database has names in, e.g. `["de", "en", …]`.
    public let languages: [String]
    /// Free-text descriptions by language code, e.g. `["en": "IP to City Lite …"]`.
    public let descriptions: [String: String]

    /// Makes metadata (tests and callers that describe a database by hand).
    public init(
        databaseType: String, buildDate: Date, ipVersion: Int, nodeCount: Int, recordSize: Int, languages: [String],
        descriptions: [String: String]
    ) {
        self.databaseType = databaseType
        self.buildDate = buildDate
        self.ipVersion = ipVersion
        self.nodeCount = nodeCount
        self.recordSize = recordSize
        self.languages = languages
        self.descriptions = descriptions
    }

    /// Copies libmaxminddb's metadata, whose strings live only as long as the open database.
    init(_ metadata: MMDB_metadata_s) {
        var languages: [String] = []
        if let names = metadata.languages.names {
            for index in 0..<metadata.languages.count {
                if let name = names[index] { languages.append(String(cString: name)) }
            }
        }
        var descriptions: [String: String] = [:]
        if let entries = metadata.description.descriptions {
            for index in 0..<metadata.description.count {
                guard let entry = entries[index]?.pointee, let language = entry.language, let text = entry.description else { continue }
                descriptions[String(cString: language)] = String(cString: text)
            }
        }
        self.init(
            databaseType: metadata.database_type.map { String(cString: $0) } ?? "",
            buildDate: Date(timeIntervalSince1970: Double(metadata.build_epoch)),
            ipVersion: Int(metadata.ip_version), nodeCount: Int(metadata.node_count), recordSize: Int(metadata.record_size),
            languages: languages, descriptions: descriptions)
    }

    /// Whether the type names a MaxMind or DB-IP product that holds no locations (ASN, ISP,
    /// anonymous-IP, connection-type, domain databases), the one cheap sign of a wrong file that
    /// metadata gives. Any type naming a place (City, Country, Location, Enterprise) passes, and so
    /// does an unknown name: other vendors' files have the City shape under names of their own.
    var namesLocationlessProduct: Bool {
        let words = Set(databaseType.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let placeWords: Set<String> = ["city", "country", "location", "enterprise"]
        let locationless: Set<String> = ["asn", "isp", "anonymous", "connection", "domain", "privacy"]
        return words.isDisjoint(with: placeWords) && !words.isDisjoint(with: locationless)
    }
}
