import Foundation
import PalisadeMessages

/// Whether an evaluator still evaluates a policy: enabled, or switched off because it matched
/// more activities in one day than the service will examine (`policies/README.md`, "The daily
/// limit"). The service and the CLI show ``reason``.
public enum PolicyStatus: Sendable, Equatable {
    /// Evaluated on every activity.
    case enabled
    /// Switched off: it matched more than `limit` activities on the UTC day starting at `day`.
    case overDailyLimit(day: Date, limit: Int)

    /// Whether the policy is evaluated.
    public var isEnabled: Bool { self == .enabled }

    /// Why the policy is disabled, for people; nil when it is enabled.
    public var reason: String? {
        switch self {
        case .enabled: nil
        case .overDailyLimit(let day, let limit):
            "matched more than \(GroupedDigits.text(limit)) activities on \(Self.dayText(day)) (UTC); disabled to protect the service "
                + "— narrow its filter and enable it again"
        }
    }

    /// `2026-12-07`: the UTC day of `date`.
    static func dayText(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

}
