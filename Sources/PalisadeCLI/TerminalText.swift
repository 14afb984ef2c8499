import Foundation

/// Text the commands print for a person: cells made safe for a terminal, cut to a width,
/// timestamps, and aligned tables. Shared by every command that prints a table, so they all
/// align and escape the same way.
enum TerminalText {
    /// Text from Slack or a service made safe for a terminal: control characters (a newline
    /// that would break the table, an escape sequence that would drive the terminal) are
    /// shown as `?`.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// `text` cut to `width` characters, the cut marked with "…".
    static func cut(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// RFC 3339 in UTC to the second ("2026-11-26T10:00:00Z").
    static func timestamp(_ date: Date) -> String {
        date.ISO8601Format()  // the default style is UTC, whole seconds
    }

    /// The rows under a header row, columns padded to their widest cell and separated by two
    /// spaces; no line ends in spaces (the last column is not padded, and a line whose last
    /// cells are empty is trimmed). Every cell goes through `printable`.
    static func table(headers: [String], rows: [[String]]) -> String {
        let lines = [headers] + rows.map { $0.map(printable) }
        let widths = headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { row in
            var line = row.indices.map { column in
                // Padded by characters, not UTF-16 units (NSString's padding), for non-ASCII names.
                column == row.count - 1 ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
