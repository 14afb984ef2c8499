import PalisadeNet

/// An immutable snapshot of the IP range catalogue, flattened for fast lookups.
///
/// Built once from every range (operator and feed); the service builds a new one when ranges
/// change and swaps it in, so lookups never wait for a change. The answer for an address is:
///
/// 1. Operator ranges first: if any operator (``IPRangeSource/custom``) block holds the address,
///    the most specific of them decides, and feeds are not consulted — `defender.md` §3.4,
///    "custom beats built-in". An operator range with no category and no tags therefore masks a
///    feed's verdict, which is how an operator clears a false positive.
/// 2. Otherwise the most specific feed block holding it decides.
/// 3. Equally specific blocks (the same prefix in two ranges, e.g. one address in both the Tor
///    list and FireHOL) count as one: every tag of both, and the category that comes first in
///    ``IPCategory/overlapPrecedence``. Operator ranges should not overlap at all
///    (``CatalogueRange/overlaps(with:)`` lets the store refuse them), but if they do, the same rule makes
///    the answer deterministic.
///
/// IPv4 and IPv6 blocks share one 128-bit space (IPv4 is `::ffff:0:0/96`), so an IPv4-mapped
/// address is found by IPv4 blocks, and an IPv6 block as wide as `::/80` holds every IPv4
/// address — the same answers as `IPNetwork.contains(_:)` gives.
///
/// Inside, each family is a sorted list of disjoint intervals covering its whole space: the
/// first address of each interval, and beside it the precomputed answer for every address in it.
/// A lookup is one binary search (32-bit keys for IPv4, 128-bit for IPv6) and one array read.
/// The search starts from a bucket of the key's top 16 bits (the intervals that can hold it),
/// which skips the first, cache-missing half of the halvings for 256 KiB a family.
public struct IPRangeTable: Sendable {
    private let v4Starts: [UInt32]
    private let v4Answers: [UInt32]
    private let v4Buckets: [UInt32]
    private let v6Starts: [UInt128]
    private let v6Answers: [UInt32]
    private let v6Buckets: [UInt32]
    /// The distinct answers; index 0 is ``IPRangeMatch/none``.
    private let matches: [IPRangeMatch]

    /// How many ranges the table was built from.
    public let rangeCount: Int
    /// How many blocks those ranges held (repeats within a range counted once).
    public let networkCount: Int

    /// A table that matches nothing.
    public static let empty = IPRangeTable([])

    /// Flattens `ranges` (operator and feed ranges together, in any order) into a table.
    /// Well under a second per million blocks (0.6 s measured); build it off the lookup path and swap it in.
    public init(_ ranges: [CatalogueRange]) {
        var builder = IPRangeTableBuilder()
        for range in ranges { builder.add(range) }
        let v4 = builder.flatten(builder.v4)
        let v6 = builder.flatten(builder.v6)
        v4Starts = v4.starts
        v4Answers = v4.answers
        v4Buckets = IPRangeTableBuilder.buckets(of: v4.starts)
        v6Starts = v6.starts
        v6Answers = v6.answers
        v6Buckets = IPRangeTableBuilder.buckets(of: v6.starts)
        matches = builder.matches
        rangeCount = ranges.count
        networkCount = builder.networkCount
    }

    /// The category and tags for `address`; ``IPRangeMatch/none`` when no range holds it.
    public func lookup(_ address: IPAddress) -> IPRangeMatch {
        let answer: UInt32
        if address.isIPv4 {
            answer = v4Answers[Self.interval(of: address.ipv4Bits, in: v4Starts, buckets: v4Buckets)]
        } else {
            answer = v6Answers[Self.interval(of: UInt128(address.high) << 64 | UInt128(address.low), in: v6Starts, buckets: v6Buckets)]
        }
        return matches[Int(answer)]
    }

    /// The number of intervals the two families were flattened into (IPv4, IPv6).
    public var intervalCount: (ipv4: Int, ipv6: Int) { (v4Starts.count, v6Starts.count) }

    /// Roughly the bytes the table holds: its interval arrays and its distinct answers.
    public var memoryBytes: Int {
        let intervals =
            v4Starts.capacity * 4 + v4Answers.capacity * 4 + v6Starts.capacity * 16 + v6Answers.capacity * 4
            + (v4Buckets.capacity + v6Buckets.capacity) * 4
        let answers = matches.reduce(matches.capacity * MemoryLayout<IPRangeMatch>.stride) { total, match in
            total + match.tags.reduce(match.tags.capacity * MemoryLayout<String>.stride) { $0 + $1.utf8.count }
        }
        return intervals + answers
    }

    /// The index of the last interval starting at or before `key`. The first interval starts at
    /// zero, so there always is one; it lies between the key's bucket's first interval and the
    /// next bucket's (``IPRangeTableBuilder/buckets(of:)``). Branch-free halving (the comparison
    /// becomes a conditional move), since random addresses make the branch unpredictable.
    @inline(__always)
    private static func interval<Key: FixedWidthInteger & UnsignedInteger>(of key: Key, in starts: [Key], buckets: [UInt32]) -> Int {
        let bucket = Int(truncatingIfNeeded: key >> (Key.bitWidth - 16))
        var low = Int(buckets[bucket])
        var count = Int(buckets[bucket + 1]) - low + 1
        return starts.withUnsafeBufferPointer { buffer in
            while count > 1 {
                let half = count >> 1
                low = buffer[low + half] <= key ? low + half : low
                count -= half
            }
            return low
        }
    }
}
