import PalisadeNet

/// Turns ranges into ``IPRangeTable``'s interval lists.
///
/// CIDR blocks are either disjoint or nested, so within one kind (operator or feed) the blocks
/// sorted by first address, widest first, form a forest: a sweep with a stack of the open blocks
/// knows, at every boundary, the innermost block — the most specific match. Each kind is swept
/// on its own into a step function (first address → answer, or "uncovered"), then the operator
/// steps are laid over the feed steps, which is the whole precedence rule.
struct IPRangeTableBuilder {
    /// One block of one range, as a closed interval of its family's keys.
    struct Entry<Key> {
        let start: Key
        let end: Key
        /// The 128-bit prefix length: orders nested blocks and makes equal ones a tie.
        let bitLength: UInt8
        let custom: Bool
        let answer: UInt32
    }

    /// Marks an interval no block of the kind being swept covers.
    static let uncovered = UInt32.max

    private(set) var matches: [IPRangeMatch] = [.none]
    private var matchIndex: [IPRangeMatch: UInt32] = [.none: 0]
    private(set) var v4: [Entry<UInt32>] = []
    private(set) var v6: [Entry<UInt128>] = []
    private(set) var networkCount = 0

    /// The `::ffff:0:0/96` block, to find IPv6 blocks wide enough to hold every IPv4 address.
    /// (A literal in canonical form: parsing it cannot fail.)
    private static let mappedSpace = try! IPNetwork(parsing: "0.0.0.0/0")

    mutating func add(_ range: CatalogueRange) {
        let answer = intern(IPRangeMatch(category: range.category, tags: range.tags))
        let custom = range.source == .custom
        for network in Set(range.networks) {
            networkCount += 1
            let bits = UInt8(network.bitLength)
            if network.address.isIPv4 {
                v4.append(
                    Entry(
                        start: network.address.ipv4Bits, end: network.lastAddress.ipv4Bits, bitLength: bits, custom: custom, answer: answer)
                )
                continue
            }
            v6.append(
                Entry(start: Self.key(network.address), end: Self.key(network.lastAddress), bitLength: bits, custom: custom, answer: answer)
            )
            if network.contains(Self.mappedSpace) {
                // IPv4 lookups only search the IPv4 list, so the block is there too, as the whole
                // IPv4 space; its shorter bit length keeps it behind every real IPv4 block.
                v4.append(Entry(start: 0, end: .max, bitLength: bits, custom: custom, answer: answer))
            }
        }
    }

    /// The interval list of one family: starts (the first is 0) and the answer index of each.
    mutating func flatten<Key: FixedWidthInteger & UnsignedInteger>(_ entries: [Entry<Key>]) -> (starts: [Key], answers: [UInt32]) {
        let custom = steps(of: entries.filter(\.custom))
        let feeds = steps(of: entries.filter { !$0.custom })
        // Overlay: walk both step functions' boundaries in order; operator steps win where covered.
        var starts: [Key] = []
        var answers: [UInt32] = []
        var (i, j) = (0, 0)
        var (customAnswer, feedAnswer) = (Self.uncovered, Self.uncovered)
        while i < custom.starts.count || j < feeds.starts.count {
            let nextCustom = i < custom.starts.count ? custom.starts[i] : nil
            let nextFeed = j < feeds.starts.count ? feeds.starts[j] : nil
            let start = min(nextCustom ?? .max, nextFeed ?? .max)
            if nextCustom == start {
                customAnswer = custom.answers[i]
                i += 1
            }
            if nextFeed == start {
                feedAnswer = feeds.answers[j]
                j += 1
            }
            let chosen = customAnswer != Self.uncovered ? customAnswer : feedAnswer
            let answer = chosen == Self.uncovered ? 0 : chosen
            // Neighbours with the same answer are one interval: fewer keys, shorter searches.
            if answers.last != answer {
                starts.append(start)
                answers.append(answer)
            }
        }
        return (starts, answers)
    }

    /// One kind's blocks as a step function starting at 0: at each start, the innermost block's
    /// answer from there on (``uncovered`` where none is open).
    private mutating func steps<Key: FixedWidthInteger & UnsignedInteger>(of entries: [Entry<Key>]) -> (starts: [Key], answers: [UInt32]) {
        let sorted = entries.sorted { ($0.start, $0.bitLength) < ($1.start, $1.bitLength) }
        var starts: [Key] = [0]
        var answers: [UInt32] = [Self.uncovered]
        func mark(_ start: Key, _ answer: UInt32) {
            // Several boundaries at one address (a block ends where the next begins): the last word stands.
            if starts.last == start {
                answers[answers.count - 1] = answer
            } else {
                starts.append(start)
                answers.append(answer)
            }
        }
        var open: [(end: Key, answer: UInt32)] = []
        func close(before start: Key?) {
            while let innermost = open.last, start.map({ innermost.end < $0 }) ?? true {
                open.removeLast()
                if innermost.end != .max { mark(innermost.end + 1, open.last?.answer ?? Self.uncovered) }
            }
        }
        var index = 0
        while index < sorted.count {
            let first = sorted[index]
            var answer = first.answer
            index += 1
            // Equal blocks from several ranges are one block with both ranges' tags.
            while index < sorted.count, sorted[index].start == first.start, sorted[index].bitLength == first.bitLength {
                if sorted[index].answer != answer { answer = intern(matches[Int(answer)].merged(with: matches[Int(sorted[index].answer)])) }
                index += 1
            }
            close(before: first.start)
            mark(first.start, answer)
            open.append((first.end, answer))
        }
        close(before: nil)
        return (starts, answers)
    }

    /// For each value of a key's top 16 bits, the last interval starting at or before the
    /// first key with those bits; one more entry closes the last bucket. A key's interval lies
    /// between its bucket's entry and the next one, both included.
    static func buckets<Key: FixedWidthInteger & UnsignedInteger>(of starts: [Key]) -> [UInt32] {
        var buckets = [UInt32](repeating: 0, count: 65_537)
        var interval = 0
        for bucket in 0..<65_536 {
            let first = Key(bucket) << (Key.bitWidth - 16)
            while interval + 1 < starts.count, starts[interval + 1] <= first { interval += 1 }
            buckets[bucket] = UInt32(interval)
        }
        buckets[65_536] = UInt32(starts.count - 1)
        return buckets
    }

    private mutating func intern(_ match: IPRangeMatch) -> UInt32 {
        if let index = matchIndex[match] { return index }
        let index = UInt32(matches.count)
        matches.append(match)
        matchIndex[match] = index
        return index
    }

    private static func key(_ address: IPAddress) -> UInt128 { UInt128(address.high) << 64 | UInt128(address.low) }
}
