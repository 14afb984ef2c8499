/// Parsing and formatting of the `grpc-timeout` request header.
///
/// The header is an ASCII integer of at most 8 digits followed by one unit letter:
/// `H` hours, `M` minutes, `S` seconds, `m` milliseconds, `u` microseconds, `n` nanoseconds.
///
/// ```swift
/// GRPCTimeout.parse("250m")          // .milliseconds(250)
/// GRPCTimeout.encode(.seconds(30))   // "30000000u"
/// ```
public enum GRPCTimeout {
    /// The largest value gRPC allows before the unit: eight decimal digits.
    static let maxValue: Int64 = 99_999_999

    /// Units from finest to coarsest, with their length in nanoseconds.
    private static let units: [(letter: Character, nanoseconds: Int128)] = [
        ("n", 1), ("u", 1_000), ("m", 1_000_000), ("S", 1_000_000_000),
        ("M", 60_000_000_000), ("H", 3_600_000_000_000),
    ]

    /// Parses a `grpc-timeout` value; `nil` for anything that is not 1–8 ASCII digits plus a unit.
    ///
    /// `0` is accepted (gRPC says "positive", but a zero budget is a meaningful "already
    /// expired" and must not be mistaken for "no deadline"). Signs, spaces and other
    /// letters are rejected so a malformed header is never half-understood.
    public static func parse(_ value: String) -> Duration? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes.count <= 9 else { return nil }
        var amount: Int64 = 0
        for byte in bytes.dropLast() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        // `bytes.count >= 2` was checked above, so `last` exists.
        switch bytes[bytes.count - 1] {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }

    /// Formats a duration for the `grpc-timeout` header.
    ///
    /// Picks the finest unit whose value fits in 8 digits and rounds *up*, so the peer never
    /// sees a shorter deadline than ours (in particular a tiny positive budget never becomes 0).
    /// Zero or negative durations become `"0n"` (already expired); durations beyond
    /// 99,999,999 hours are clamped to that.
    public static func encode(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let totalAttoseconds = Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)
        guard totalAttoseconds > 0 else { return "0n" }
        let attosPerNanosecond: Int128 = 1_000_000_000
        let nanoseconds = (totalAttoseconds + attosPerNanosecond - 1) / attosPerNanosecond
        for unit in units {
            let amount = (nanoseconds + unit.nanoseconds - 1) / unit.nanoseconds
            if amount <= Int128(maxValue) {
                return "\(amount)\(unit.letter)"
            }
        }
        return "\(maxValue)H"
    }
}
