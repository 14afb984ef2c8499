import Foundation

/// Comma-separated values as RFC 4180 writes them: a field holding a comma, a double quote, a
/// carriage return or a line feed is enclosed in double quotes, its quotes doubled; records end
/// in CRLF. Names and details come from Slack and may hold any of these.
///
/// Names also come from whoever chose them: a display name `=HYPERLINK(…)` would run as a
/// formula in the spreadsheet an analyst opens the export in. A field starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's advice for CSV injection),
/// which spreadsheets show as text; `--format jsonl` keeps every value exactly.
enum CSV {
    /// One record, its line break included.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted when it must be.
    static func field(_ raw: String) -> String {
        let text = raw.unicodeScalars.first.map(formulaStarts.contains) == true ? "'" + raw : raw
        // By scalars: "\r\n" is one Character, which a Character comparison would miss.
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// First characters that make a spreadsheet read a cell as a formula.
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
