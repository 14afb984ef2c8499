import Foundation

/// One value of an activity's field as a policy compares it.
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    /// Text (names, ids, e-mail addresses, enum names such as `failed-login`).
    case string(String)
    /// A number (coordinates, radii, counts).
    case number(Double)
    /// A flag.
    case bool(Bool)
    /// A point in time.
    case time(Date)

    /// The value as a policy file would write it.
    public var description: String {
        switch self {
        case .string(let text): text
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): String(flag)
        case .time(let date): date.formatted(.iso8601)
        }
    }
}
