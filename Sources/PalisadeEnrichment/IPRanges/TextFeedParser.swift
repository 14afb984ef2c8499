import PalisadeNet

/// The line formats: the Tor bulk exit list, FireHOL netsets and Spamhaus's legacy `drop.txt`.
///
/// Blank lines and comments are skipped (`#` for Tor and FireHOL, anywhere on a line, since older
/// Tor mirrors had them too; `;` for Spamhaus, which also separates a block from its SBL
/// reference). Every other line must be one entry; each bad one is reported with its 1-based
/// line number. The first entry is also checked for the shape of a different kind of file (JSON,
/// an HTML error page, Tor's exit-addresses), which is reported once instead of once a line.
enum TextFeedParser {
    static func parse(_ contents: [UInt8], into collector: inout IPFeedCollector) throws(IPFeedError) {
        var checkedFirst = false
        for (number, line) in lines(of: contents) {
            guard let entry = entry(of: line, format: collector.format) else { continue }
            if !checkedFirst {
                if let what = foreignShape(of: entry) { throw collector.wrongFormat("line \(number) \(what)") }
                checkedFirst = true
            }
            switch collector.format {
            case .tor:
                guard let address = IPAddress(entry) else {
                    collector.problem(line: number, text: line, reason: notAnAddress(entry))
                    continue
                }
                collector.add(IPNetwork(host: address))
            default:
                do {
                    collector.add(try IPNetwork(parsing: entry))
                } catch {
                    collector.problem(line: number, text: line, reason: error.description)
                }
            }
        }
    }

    /// The first entry of a file (its 1-based line number and text), if it has one.
    static func firstEntry(of contents: [UInt8], format: FeedFormat) -> (line: Int, text: String)? {
        for (number, line) in lines(of: contents) {
            if let entry = entry(of: line, format: format) { return (number, entry) }
        }
        return nil
    }

    /// The file's lines with their 1-based numbers: split at LF, a CR before it dropped, and a
    /// UTF-8 byte order mark at the start ignored. Bytes that are not UTF-8 are kept as U+FFFD,
    /// so they fail as entries and still print in the message.
    static func lines(of contents: [UInt8]) -> [(number: Int, text: String)] {
        var body = contents[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var result: [(number: Int, text: String)] = []
        for (index, var line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            result.append((index + 1, String(decoding: line, as: UTF8.self)))
        }
        // A final LF ends the last line rather than starting an empty one.
        if result.count > 1, result.last?.text.isEmpty == true { result.removeLast() }
        return result
    }

    /// The entry on a line, without its comment and surrounding blanks; nil for blank and comment lines.
    private static func entry(of line: String, format: FeedFormat) -> String? {
        let marker: Character = format == .spamhaus ? ";" : "#"
        var entry = line.prefix { $0 != marker }
        while let first = entry.first, first == " " || first == "\t" { entry = entry.dropFirst() }
        while let last = entry.last, last == " " || last == "\t" { entry = entry.dropLast() }
        return entry.isEmpty ? nil : String(entry)
    }

    /// What the first entry looks like when it belongs to another kind of file; nil when it may be ours.
    private static func foreignShape(of entry: String) -> String? {
        if entry.hasPrefix("{") || entry.hasPrefix("[") { return "starts with \"\(entry.prefix(1))\": it is JSON" }
        if entry.hasPrefix("<") { return "starts with \"<\": it is an HTML or XML page (an error page instead of the list?)" }
        if entry.hasPrefix("ExitNode ") { return "starts with \"ExitNode\": it is Tor's exit-addresses file (use torbulkexitlist)" }
        return nil
    }

    /// Why an entry of the Tor list is not an address, in the terms of what it looks like.
    private static func notAnAddress(_ entry: String) -> String {
        if entry.contains("/") { return "\"\(entry)\" is a CIDR block: the bulk exit list holds single addresses" }
        if entry.contains(":") { return "\"\(entry)\" is not an IPv6 address" }
        return "\"\(entry)\" is not an IPv4 address"
    }
}
