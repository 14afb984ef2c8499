import Foundation

/// The timestamps providers write (Graph's `deletedDateTime`, Okta's `statusChanged`): RFC 3339,
/// with or without fractional seconds (`2021-10-26T16:56:36Z`, `2013-06-24T16:39:19.000Z`).
public enum ProviderDate {
    /// The date `text` names, or nil when it is not such a timestamp.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
