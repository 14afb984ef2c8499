#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as 128 bits, IPv4 held in its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`).
///
/// One representation for both families keeps range tables, GeoIP lookups and database keys to one
/// code path; ``isIPv4`` and ``description`` give the family back. Parsing and printing go through
/// the C library's `inet_pton`/`inet_ntop` (strict dotted decimal, RFC 4291 text), and printing
/// follows RFC 5952: lower case, the longest run of two or more zero groups compressed.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 64 bits, most significant first.
    public let high: UInt64
    /// The last 64 bits.
    public let low: UInt64

    /// The bits of `::ffff:0:0/96`, where an IPv4 address lives.
    static let mappedHigh: UInt64 = 0
    static let mappedLowPrefix: UInt64 = 0x0000_FFFF_0000_0000

    /// An address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32 bits (`0x7f000001` is 127.0.0.1).
    public init(ipv4 bits: UInt32) {
        self.init(high: Self.mappedHigh, low: Self.mappedLowPrefix | UInt64(bits))
    }

    /// Parses `1.2.3.4` or any IPv6 text (`2001:db8::1`, `::ffff:1.2.3.4`); `nil` for anything else,
    /// including leading zeros in IPv4 parts, zone ids and surrounding spaces.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        if text.utf8.contains(UInt8(ascii: ":")) {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            self.init(bytes: bytes)
        } else {
            var address = in_addr()
            guard !text.isEmpty, inet_pton(AF_INET, text, &address) == 1 else { return nil }
            self.init(ipv4: UInt32(bigEndian: address.s_addr))
        }
    }

    /// An address from 16 network-order bytes, or 4 for IPv4.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16 || bytes.count == 4, "an IP address has 4 or 16 bytes")
        if bytes.count == 4 {
            self.init(ipv4: bytes.reduce(0) { $0 << 8 | UInt32($1) })
            return
        }
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self.init(high: high, low: low)
    }

    /// Whether this is an IPv4 address (written as such, or IPv4-mapped).
    public var isIPv4: Bool { high == Self.mappedHigh && low >> 32 == Self.mappedLowPrefix >> 32 }

    /// The 32 bits of an IPv4 address; meaningful only when ``isIPv4``.
    public var ipv4Bits: UInt32 { UInt32(truncatingIfNeeded: low) }

    /// The 16 bytes in network order (IPv4 as `::ffff:a.b.c.d`).
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// Canonical text: dotted decimal for IPv4 (mapped ones too), RFC 5952 for IPv6.
    public var description: String {
        if isIPv4 {
            let bits = ipv4Bits
            return "\(bits >> 24).\(bits >> 16 & 0xFF).\(bits >> 8 & 0xFF).\(bits & 0xFF)"
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        // inet_ntop cannot fail for AF_INET6 with a buffer of INET6_ADDRSTRLEN.
        _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Orders by the 128-bit value (every IPv4 address sorts inside `::ffff:0:0/96`).
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
