import PalisadeNet

/// A feed file, read: the range it defines and what was left out of it.
public struct IPFeed: Sendable, Hashable {
    /// The file's format.
    public let format: FeedFormat
    /// The range the file defines: named after the feed, with its category and tags
    /// (``FeedFormat/category``, ``FeedFormat/tags``), `source` ``IPRangeSource/feed(_:)``, and
    /// every distinct block the file lists apart from reserved space, in file order.
    public let range: CatalogueRange
    /// How many entries the file listed, repeats included (AWS lists a prefix once per service).
    public let entries: Int
    /// Reserved space the file listed and the range leaves out (``IPBogons``): whole entries, or
    /// the reserved part of a wider one. FireHOL level 1 lists the bogons on purpose (it is made
    /// for firewalls); an activity from such an address is the SaaS provider's internal traffic,
    /// never an attacker to flag.
    public let excluded: [IPNetwork]

    /// Makes a feed result (tests; `FeedFormat.parse` makes the real ones).
    public init(format: FeedFormat, range: CatalogueRange, entries: Int, excluded: [IPNetwork]) {
        self.format = format
        self.range = range
        self.entries = entries
        self.excluded = excluded
    }
}
