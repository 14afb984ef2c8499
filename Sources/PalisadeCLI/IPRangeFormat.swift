import PalisadeMessages

/// How the `ip-ranges` commands show ranges: one line for a range just stored, a table for
/// `palisade ip-ranges list`.
enum IPRangeFormat {
    /// The column titles of `table`.
    static let headers = ["NAME", "CATEGORY", "TAGS", "SOURCE", "NETWORKS", "UPDATED"]

    /// Blocks listed whole in a NETWORKS cell; a range with more shows its count and the first
    /// ones (`--json` has them all: a feed holds thousands).
    static let networksShown = 3

    /// The ranges as an aligned table, a header row first.
    static func table(_ ranges: [IPRange]) -> String {
        TerminalText.table(
            headers: headers,
            rows: ranges.map { range in
                [
                    range.name, MessageNames.rangeCategory.name(of: range.category), range.tags.joined(separator: ", "),
                    range.source, networks(range.networks), range.updated.map(TerminalText.timestamp) ?? "",
                ]
            })
    }

    /// `10.0.0.0/8, 192.168.0.0/16`, or `1290: 1.2.3.4/32, 5.6.7.0/24, …` past `networksShown`.
    static func networks(_ networks: [String]) -> String {
        guard networks.count > networksShown else { return networks.joined(separator: ", ") }
        return "\(networks.count): " + networks.prefix(networksShown - 1).joined(separator: ", ") + ", …"
    }

    /// `office (corporate; tags HQ; 2 networks: 198.51.100.0/24, 2001:db8:10::/48)`.
    static func line(_ range: IPRange) -> String {
        var parts = [MessageNames.rangeCategory.name(of: range.category)]
        if !range.tags.isEmpty { parts.append("tags " + range.tags.joined(separator: ", ")) }
        let count = range.networks.count
        if count > 0 { parts.append("\(count) network\(count == 1 ? "" : "s"): \(networks(range.networks))") }
        return TerminalText.printable("\(range.name) (\(parts.joined(separator: "; ")))")
    }
}
