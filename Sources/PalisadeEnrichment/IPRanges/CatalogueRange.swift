import PalisadeMessages
import PalisadeNet

/// A named IP range of the catalogue: some CIDR blocks, the category and tags an activity from
/// them gets, and where the range came from (`defender.md` §3.1).
///
/// Operator ranges and feed ranges share this one shape so the lookup table treats them alike
/// apart from precedence: an operator's range always beats a feed's (``IPRangeTable``).
public struct CatalogueRange: Sendable, Hashable {
    /// The name shown when managing ranges; never copied into activities.
    public var name: String
    /// The blocks, IPv4 and IPv6 in any mix.
    public var networks: [IPNetwork]
    /// What an activity from these blocks is categorised as.
    public var category: IPCategory
    /// Tags added to an activity from these blocks (free text; see ``IPRangeTag`` for the built-in ones).
    public var tags: [String]
    /// Who defined the range.
    public var source: IPRangeSource

    /// Makes a range.
    public init(name: String, networks: [IPNetwork], category: IPCategory, tags: [String], source: IPRangeSource) {
        self.name = name
        self.networks = networks
        self.category = category
        self.tags = tags
        self.source = source
    }
}

/// Who defined a range: an operator, or a reputation or cloud feed.
public enum IPRangeSource: Sendable, Hashable, CustomStringConvertible {
    /// An operator's own range (Defender's "custom" range); beats every feed.
    case custom
    /// A range loaded from a feed file of this format.
    case feed(FeedFormat)

    /// `custom` or `feed:<format>`.
    public var description: String {
        switch self {
        case .custom: "custom"
        case .feed(let format): "feed:\(format.rawValue)"
        }
    }
}
