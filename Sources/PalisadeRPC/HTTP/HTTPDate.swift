import Foundation

/// The `Date` header's form (RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), written
/// by servers of plain HTTP (the simulators) and read by clients that compare clocks.
public enum HTTPDate {
    /// `seconds` (Unix time) as an IMF-fixdate.
    public static func format(_ seconds: Int64) -> String {
        formatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// An IMF-fixdate as Unix seconds; nil for any other form. Parsed by Foundation's formatter.
    public static func parse(_ text: String) -> Int64? {
        formatter().date(from: text.trimmingCharacters(in: .whitespaces)).map { Int64($0.timeIntervalSince1970) }
    }

    /// A formatter per call: `DateFormatter` is not `Sendable`, and one page or answer costs one.
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
