/// How two blocks relate, in the 128-bit space both families share.
///
/// CIDR blocks never partly overlap: two blocks are either disjoint or one holds the other. These
/// are the questions range catalogues ask (does a new range collide with a stored one; what is left
/// of a block once reserved space is cut out of it).
extension IPNetwork {
    /// Whether every address of `other` is inside this block.
    public func contains(_ other: IPNetwork) -> Bool {
        bitLength <= other.bitLength && contains(other.address)
    }

    /// Whether the two blocks share at least one address (then one of them holds the other).
    public func overlaps(_ other: IPNetwork) -> Bool {
        contains(other.address) || other.contains(address)
    }

    /// The addresses of this block that are not in `other`, as the fewest blocks, in address order.
    ///
    /// Disjoint blocks give `[self]`, a block inside `other` gives `[]`. Otherwise `other` lies
    /// inside this block, and what remains is, for every prefix length between the two, the half
    /// that does not lead to `other` (at most 128 blocks).
    public func subtracting(_ other: IPNetwork) -> [IPNetwork] {
        guard overlaps(other) else { return [self] }
        guard !other.contains(self) else { return [] }
        var remainder: [IPNetwork] = []
        for bits in (bitLength + 1)...other.bitLength {
            // The sibling at `bits`: other's first `bits - 1` bits, then the opposite of its bit number `bits - 1`.
            let flip = Self.bit(bits - 1)
            let high = (other.address.high ^ flip.high) & Self.mask(bits, half: 0)
            let low = (other.address.low ^ flip.low) & Self.mask(bits, half: 1)
            remainder.append(Self(bitsOf: IPAddress(high: high, low: low), bitLength: bits))
        }
        return remainder.sorted { ($0.address.high, $0.address.low) < ($1.address.high, $1.address.low) }
    }

    /// A block from a masked address and a 128-bit prefix length; an IPv4-mapped address with a
    /// length of 96 or more is an IPv4 block (its host bits are clear, so it cannot be shorter).
    init(bitsOf address: IPAddress, bitLength: Int) {
        // The caller masked the address to `bitLength` bits, which is in range.
        self.init(masked: address, prefixLength: address.isIPv4 ? bitLength - 96 : bitLength)
    }

    /// The single bit number `index` (0 is the most significant of the 128), as two halves.
    private static func bit(_ index: Int) -> (high: UInt64, low: UInt64) {
        index < 64 ? (1 << (63 - index), 0) : (0, 1 << (127 - index))
    }
}
