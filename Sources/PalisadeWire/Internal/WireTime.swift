import Foundation

/// Timestamps on the wire are whole microseconds since 1970-01-01T00:00:00Z, within ±9.2e18 µs
/// (about ±292,000 years): the range a `Date` converts to and from exactly enough that every
/// timestamp a reader accepts can be written again (`Protocol/encoding.md` §2).
enum WireTime {
    /// The bound, exclusive, on both sides.
    static let limit: Int64 = 9_200_000_000_000_000_000

    /// Microseconds since the Unix epoch, rounded to the nearest microsecond.
    static func microseconds(from date: Date, path: [PathComponent]) throws -> Int64 {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        // Beyond the bound (or NaN) cannot be represented.
        guard micros.isFinite, micros > -Double(limit), micros < Double(limit) else {
            throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): date \(date) is out of range for a timestamp")
        }
        return Int64(micros)
    }

    /// The date for a count of microseconds since the Unix epoch, or nil beyond the bound.
    static func date(fromMicroseconds micros: Int64) -> Date? {
        guard micros > -limit, micros < limit else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// The error for a timestamp read beyond the bound.
    static func outOfRange(_ micros: Int64, _ path: [PathComponent]) -> WireError {
        WireError(
            code: .valueOutOfRange,
            message: "\(FieldPath.describe(path)): timestamp of \(micros) µs is out of range (at most ±9.2e18 µs, about ±292,000 years)")
    }
}
