import Foundation
import PalisadeMessages

/// The reputation and cloud feeds Palisade reads (`geoip.md` §3.2), and what each one's blocks mean.
///
/// Each feed file becomes one ``CatalogueRange`` with the category and tags below; the store may rename
/// or retag it (the range's fields are plain values). Parsing never half-loads a file: any bad
/// entry refuses the whole file (``IPFeedError``), since a feed that silently lost lines would
/// quietly stop flagging addresses, and the operator would never know.
public enum FeedFormat: String, Sendable, Hashable, CaseIterable {
    /// The Tor Project's bulk exit list (`torbulkexitlist`): one address a line.
    case tor
    /// FireHOL's `firehol_level1.netset`: one IPv4 address or CIDR block a line, `#` header.
    case firehol
    /// Spamhaus DROP: `drop_v4.json`/`drop_v6.json` (NDJSON, a metadata record last) or the
    /// legacy `drop.txt` (`CIDR ; SBLnnn`, `;` comments); told apart by the first entry.
    case spamhaus
    /// Amazon's `ip-ranges.json`.
    case aws
    /// Microsoft's Azure Service Tags (`ServiceTags_Public_YYYYMMDD.json`).
    case azure

    /// The file name messages use when the caller gives none (`drop.txt` for a legacy Spamhaus file).
    public var defaultFileName: String {
        switch self {
        case .tor: "torbulkexitlist"
        case .firehol: "firehol_level1.netset"
        case .spamhaus: "drop_v4.json"
        case .aws: "ip-ranges.json"
        case .azure: "ServiceTags_Public.json"
        }
    }

    /// The name of the range a file of this format becomes.
    public var rangeName: String {
        switch self {
        case .tor: "Tor exit nodes"
        case .firehol: "FireHOL level 1"
        case .spamhaus: "Spamhaus DROP"
        case .aws: "Amazon Web Services"
        case .azure: "Microsoft Azure"
        }
    }

    /// The category of the feed's range: risky for the reputation lists, cloud provider for the clouds.
    public var category: IPCategory {
        switch self {
        case .tor, .firehol, .spamhaus: .risky
        case .aws, .azure: .cloudProvider
        }
    }

    /// The tags of the feed's range.
    ///
    /// One tag each, because a list tells where an address is listed, not why: tagging every entry
    /// with every reason its list might have had would put claims on activities nobody made.
    /// - FireHOL level 1 → "Malware C&C": it is built from command-and-control trackers (Feodo,
    ///   SSLBL, Bambenek C2, ZeuS), DShield's top attackers and Spamhaus DROP, and deliberately
    ///   leaves out infected-client lists (too many false positives), so its addresses are
    ///   criminals' servers rather than bots.
    /// - Spamhaus DROP → "Botnet": DROP is netblocks hijacked or leased by spam and cyber-crime
    ///   operations, the space botnets and their controllers run from; "Botnet" is also the tag
    ///   Defender pre-populates for Risky and its "log on from a risky IP" template filters on.
    public var tags: [String] {
        switch self {
        case .tor: [IPRangeTag.tor]
        case .firehol: [IPRangeTag.malwareCommandAndControl]
        case .spamhaus: [IPRangeTag.botnet]
        case .aws: [IPRangeTag.aws]
        case .azure: [IPRangeTag.azure]
        }
    }

    /// Reads a feed file's contents. `fileName` (the default is ``defaultFileName``) only names
    /// the file in messages, e.g. `torbulkexitlist line 17: "1.2.3" is not an IPv4 address`.
    public func parse(_ contents: [UInt8], fileName: String? = nil) throws(IPFeedError) -> IPFeed {
        var collector = IPFeedCollector(format: self, fileName: fileName ?? defaultFileName)
        switch self {
        case .tor, .firehol: try TextFeedParser.parse(contents, into: &collector)
        case .spamhaus:
            if TextFeedParser.firstEntry(of: contents, format: self)?.text.first == "{" {
                try SpamhausJSONParser.parse(contents, into: &collector)
            } else {
                if fileName == nil { collector.fileName = "drop.txt" }
                try TextFeedParser.parse(contents, into: &collector)
            }
        case .aws: try CloudFeedParser.parseAWS(contents, into: &collector)
        case .azure: try CloudFeedParser.parseAzure(contents, into: &collector)
        }
        return try collector.finish()
    }

    /// Reads a feed from text.
    public func parse(_ text: String, fileName: String? = nil) throws(IPFeedError) -> IPFeed {
        try parse(Array(text.utf8), fileName: fileName)
    }

    /// Reads a feed file; messages name it by its last path component.
    public func load(path: String) throws(IPFeedError) -> IPFeed {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IPFeedError(.unreadable, "\(path) cannot be read: check that it exists and this process may read it")
        }
        return try parse([UInt8](data), fileName: name)
    }
}
