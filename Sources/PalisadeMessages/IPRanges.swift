import Foundation

// Messages of the IP range catalogue in `palisade.ingestion.v1.Ingestion` (`Protocol/ingestion.md`,
// "The IP range catalogue").

/// A named set of CIDR blocks with the category and tags enrichment gives their addresses.
public struct IPRange: Codable, Sendable, Equatable {
    /// Unique; the key of add and remove. Field 1.
    public var name: String
    /// CIDR blocks or single addresses, IPv4 and IPv6. Field 2.
    public var networks: [String]
    /// The category. Field 3.
    public var category: IPCategory
    /// Free-text tags. Field 4.
    public var tags: [String]
    /// `"operator"`, or the feed that loaded it. Field 5.
    public var source: String
    /// When it was last added or loaded. Field 6.
    public var updated: Date?

    /// Makes a range.
    public init(
        name: String = "", networks: [String] = [], category: IPCategory = .none, tags: [String] = [], source: String = "",
        updated: Date? = nil
    ) {
        (self.name, self.networks, self.category, self.tags, self.source, self.updated) = (name, networks, category, tags, source, updated)
    }

    private enum CodingKeys: Int, CodingKey { case name = 1, networks, category, tags, source, updated }
}

/// Every range of the catalogue.
public struct IPRangeList: Codable, Sendable, Equatable {
    /// Operator ranges by name, then feeds by name. Field 1.
    public var ranges: [IPRange]

    /// Makes a list.
    public init(ranges: [IPRange] = []) { self.ranges = ranges }

    private enum CodingKeys: Int, CodingKey { case ranges = 1 }
}

/// A range by name.
public struct IPRangeRef: Codable, Sendable, Equatable {
    /// The range's name. Field 1.
    public var name: String

    /// Makes a reference.
    public init(name: String = "") { self.name = name }

    private enum CodingKeys: Int, CodingKey { case name = 1 }
}

/// One piece of a feed file sent to `LoadIPFeed`.
public struct IPFeedChunk: Codable, Sendable, Equatable {
    /// The file's format; the first chunk's counts. Field 1.
    public var format: IPFeedFormat
    /// The next piece of the file, as downloaded. Field 2.
    public var data: Data

    /// Makes a chunk.
    public init(format: IPFeedFormat = .unspecified, data: Data = Data()) { (self.format, self.data) = (format, data) }

    private enum CodingKeys: Int, CodingKey { case format = 1, data }
}

/// The feed files `LoadIPFeed` reads.
public enum IPFeedFormat: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Not given (or newer than this reader).
    case unspecified = 0
    /// Tor bulk exit list: one IPv4 address per line.
    case tor = 1
    /// FireHOL level 1 `.netset`.
    case firehol = 2
    /// Spamhaus DROP, NDJSON or the legacy text form.
    case spamhaus = 3
    /// AWS `ip-ranges.json`.
    case aws = 4
    /// Azure Service Tags JSON.
    case azure = 5
}

/// What `LoadIPFeed` stored.
public struct IPFeedSummary: Codable, Sendable, Equatable {
    /// The feed's range as now stored, without its networks. Field 1.
    public var range: IPRange?
    /// CIDR blocks loaded. Field 2.
    public var networks: UInt64
    /// CIDR blocks of the previous load, now gone. Field 3.
    public var replaced: UInt64

    /// Makes a summary.
    public init(range: IPRange? = nil, networks: UInt64 = 0, replaced: UInt64 = 0) {
        (self.range, self.networks, self.replaced) = (range, networks, replaced)
    }

    private enum CodingKeys: Int, CodingKey { case range = 1, networks, replaced }
}
