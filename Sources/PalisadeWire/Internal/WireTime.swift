import Foundation

/// Timestamps on the wire are whole microseconds since 1970-01-01T00:00:00Z.
enum WireTime {
    /// Microseconds since the Unix epoch, rounded to the nearest microsecond.
    static func microseconds(from date: Date, path: [PathComponent]) throws -> Int64 {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        // 9.2e18 µs is about ±292,000 years; anything beyond (or NaN) cannot be represented.
        guard micros.isFinite, micros > -9.2e18, micros < 9.2e18 else {
            throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): date \(date) is out of range for a timestamp")
        }
        return Int64(micros)
    }

    /// The date for a count of microseconds since the Unix epoch.
    static func date(fromMicroseconds micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
