import Foundation
import PalisadeMessages
import PalisadeNet

extension IPRangeSource {
    /// `source` as ingestion stores it and the `IPRange` message carries it: `"operator"`, or
    /// the feed's format name (`"tor"`).
    public var messageName: String {
        switch self {
        case .custom: "operator"
        case .feed(let format): format.rawValue
        }
    }

    /// The source a message names: a feed's format name is that feed, anything else (`"operator"`)
    /// an operator's range.
    public init(messageName: String) {
        self = FeedFormat(rawValue: messageName).map { .feed($0) } ?? .custom
    }
}

extension CatalogueRange {
    /// A range from its `IPRange` message (`palisade ip-ranges list --json` prints a list of
    /// them), or the reason one of its blocks is not a CIDR block or address.
    ///
    /// The name, category and tags are taken as they are (the catalogue checked them when it
    /// stored the range); `updated` is not part of a range.
    public init(message: IPRange) throws(IPNetwork.ParseError) {
        var networks: [IPNetwork] = []
        networks.reserveCapacity(message.networks.count)
        for text in message.networks {
            networks.append(try IPNetwork(parsing: text.trimmingCharacters(in: .whitespaces)))
        }
        self.init(
            name: message.name, networks: networks, category: message.category, tags: message.tags,
            source: IPRangeSource(messageName: message.source))
    }

    /// The range as an `IPRange` message, without `updated`.
    public var message: IPRange {
        IPRange(name: name, networks: networks.map(\.description), category: category, tags: tags, source: source.messageName)
    }
}
