/// A CIDR block: an address and a prefix length, IPv4 lengths counted as IPv4 (`10.0.0.0/8`).
///
/// Stored like ``IPAddress``, in the 128-bit space, so an IPv4 `/8` is a `/104` inside
/// `::ffff:0:0/96`; ``prefixLength`` and ``description`` speak the family's own terms.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block (host bits zero).
    public let address: IPAddress
    /// The prefix length in the family's terms: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int

    /// The prefix length in the 128-bit space (IPv4 lengths plus 96).
    public var bitLength: Int { address.isIPv4 ? prefixLength + 96 : prefixLength }

    /// Why a text is not a CIDR block, in words a person can act on.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text that was refused.
        public let text: String
        /// What is wrong with it.
        public let reason: String
        /// `"…" is not a CIDR block: reason`.
        public var description: String { "\"\(text)\" is not an IP address or CIDR block: \(reason)" }
    }

    /// A block from an address and a prefix length; host bits set in `address` are refused
    /// unless `allowHostBits`, in which case they are cleared.
    public init(address: IPAddress, prefixLength: Int, allowHostBits: Bool = false) throws(ParseError) {
        let maximum = address.isIPv4 ? 32 : 128
        guard (0...maximum).contains(prefixLength) else {
            throw ParseError(text: "\(address)/\(prefixLength)", reason: "the prefix length must be 0–\(maximum)")
        }
        let bits = address.isIPv4 ? prefixLength + 96 : prefixLength
        let masked = IPAddress(high: address.high & Self.mask(bits, half: 0), low: address.low & Self.mask(bits, half: 1))
        guard allowHostBits || masked == address else {
            throw ParseError(
                text: "\(address)/\(prefixLength)", reason: "host bits are set (the block starts at \(masked)/\(prefixLength))")
        }
        self.init(masked: masked, prefixLength: prefixLength)
    }

    /// The block of one address: `/32` for IPv4, `/128` for IPv6.
    public init(host address: IPAddress) {
        self.init(masked: address, prefixLength: address.isIPv4 ? 32 : 128)
    }

    /// A block whose address is already masked to a prefix length in its family's range: what
    /// the checking initialisers end in, and what computations on blocks produce.
    init(masked address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n`, `v6/n`, or a bare address (a block of one: `/32` or `/128`).
    public init(parsing text: some StringProtocol, allowHostBits: Bool = false) throws(ParseError) {
        let trimmed = String(text)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else {
            throw ParseError(text: trimmed, reason: "\"\(parts[0])\" is not an IPv4 or IPv6 address")
        }
        var length = address.isIPv4 ? 32 : 128
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), let parsed = Int(parts[1])
            else {
                throw ParseError(text: trimmed, reason: "\"\(parts[1])\" is not a prefix length")
            }
            length = parsed
        }
        do {
            try self.init(address: address, prefixLength: length, allowHostBits: allowHostBits)
        } catch {
            throw ParseError(text: trimmed, reason: error.reason)
        }
    }

    /// Whether `candidate` is inside the block.
    public func contains(_ candidate: IPAddress) -> Bool {
        let bits = bitLength
        return candidate.high & Self.mask(bits, half: 0) == address.high && candidate.low & Self.mask(bits, half: 1) == address.low
    }

    /// The last address of the block.
    public var lastAddress: IPAddress {
        let bits = bitLength
        return IPAddress(high: address.high | ~Self.mask(bits, half: 0), low: address.low | ~Self.mask(bits, half: 1))
    }

    /// `address/prefixLength` in canonical text.
    public var description: String { "\(address)/\(prefixLength)" }

    /// The network mask of a `bits`-long prefix, for the high (`half` 0) or low (1) 64 bits.
    static func mask(_ bits: Int, half: Int) -> UInt64 {
        let within = min(max(bits - 64 * half, 0), 64)
        return within == 0 ? 0 : ~UInt64(0) << (64 - within)
    }
}
