import Foundation

/// Comma-separated values as RFC 4180 writes them: a field holding a comma, a double quote, a
/// carriage return or a line feed is enclosed in double quotes, its quotes doubled; records end
/// in CRLF. Names and details come from Slack and may hold any of these.
enum CSV {
    /// One record, its line break included.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted when it must be.
    static func field(_ text: String) -> String {
        // By scalars: "\r\n" is one Character, which a Character comparison would miss.
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
