import ArgumentParser
import Foundation

/// A time given to `--from` or `--to`: an instant (RFC 3339, or a date meaning its midnight
/// UTC), or a span back from now (`30m`, `24h`, `7d`), resolved against the clock when the
/// command runs so that `--from 24h` means the last day.
enum QueryTime: Equatable, Sendable {
    /// A fixed instant.
    case instant(Date)
    /// This many seconds before now.
    case ago(Int)

    /// The units of a span: seconds, minutes, hours, days, weeks.
    static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// The longest span accepted: 100 years, far beyond any retention and far from overflow.
    static let longestSpan = 36_600 * 86_400

    /// The time `text` names, or a `ValidationError` for `option` that shows the forms accepted.
    static func parse(_ text: String, option: String) throws -> QueryTime {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = trimmed.last.flatMap({ units[Character($0.lowercased())] }) {
            let digits = trimmed.dropLast()
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                let seconds = Int(digits).map { $0.multipliedReportingOverflow(by: unit) }
                guard let seconds, !seconds.overflow, seconds.partialValue <= longestSpan else {
                    throw ValidationError("\(option) '\(text)' reaches back more than 100 years")
                }
                return .ago(seconds.partialValue)
            }
        }
        if let date = instant(trimmed) { return .instant(date) }
        throw ValidationError(
            "\(option) '\(text)' is not a time: give RFC 3339 (2026-09-14T08:00:00Z), a date (2026-09-14, midnight UTC), "
                + "or a span back from now (30m, 24h, 7d)")
    }

    /// `text` as RFC 3339 (fractional seconds and any offset allowed) or as a date alone.
    private static func instant(_ text: String) -> Date? {
        let normal = text.uppercased().replacingOccurrences(of: " ", with: "T")
        if normal.count == 10 {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withDashSeparatorInDate]
            // Round-tripped, so an impossible date (2026-02-30) is refused rather than rolled over.
            guard let date = formatter.date(from: normal), formatter.string(from: date) == normal else { return nil }
            return date
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: normal) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: normal)
    }

    /// The instant, with a span counted back from `now`.
    func resolved(now: Date) -> Date {
        switch self {
        case .instant(let date): date
        case .ago(let seconds): now.addingTimeInterval(-TimeInterval(seconds))
        }
    }
}
