/// A set of characters (Unicode scalar values) for `[...]`, `\d`, `\w`, `\s` and their negations:
/// sorted, non-overlapping, non-adjacent ranges, plus a bitmap of its ASCII members so the common
/// case is tested with one shift.
struct RegexCharacterClass: Sendable, Hashable {
    /// The members as sorted, disjoint ranges with gaps between them.
    private(set) var ranges: [ClosedRange<UInt32>]
    /// Bit `c` set when ASCII `c` (0 to 63) is a member.
    private var asciiLow: UInt64 = 0
    /// Bit `c - 64` set when ASCII `c` (64 to 127) is a member.
    private var asciiHigh: UInt64 = 0

    /// Largest Unicode scalar value.
    static let maxScalar: UInt32 = 0x10_FFFF

    /// The class of `ranges`, in any order and overlapping as they come.
    init(_ ranges: [ClosedRange<UInt32>] = []) {
        self.ranges = Self.normalised(ranges)
        computeBitmap()
    }

    /// `\d`: ASCII digits.
    static let digits = Self([0x30...0x39])
    /// `\w`: ASCII letters, digits and `_` (RE2's, not Unicode's, word characters).
    static let word = Self([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: tab, line feed, vertical tab, form feed, carriage return and space.
    static let space = Self([0x09...0x0D, 0x20...0x20])

    /// Whether the scalar value `value` is a member.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        // Binary search for the last range starting at or before `value`.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= value { low = middle + 1 } else { high = middle }
        }
        return low > 0 && ranges[low - 1].contains(value)
    }

    /// The members of either class.
    func union(_ other: Self) -> Self { Self(ranges + other.ranges) }

    /// Every scalar value that is not a member (surrogates included: they never occur in input).
    func inverted() -> Self {
        var gaps: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            guard range.upperBound < Self.maxScalar else { return Self(gaps) }
            next = range.upperBound + 1
        }
        gaps.append(next...Self.maxScalar)
        return Self(gaps)
    }

    /// Ranges of non-ASCII scalars larger than this are not enumerated for their lowercase
    /// forms (see `caseClosed()`).
    static let maxFoldedRange: UInt32 = 1024

    /// The class with the folded form (`RegexFolding`) of each member added, for matching
    /// input that is folded as it is read: `[A-Z]` also holds `a`-`z`. ASCII ranges are folded
    /// exactly; a non-ASCII range is enumerated when it has at most `maxFoldedRange` members and
    /// taken as written otherwise (such ranges are script blocks, whose lowercase forms lie
    /// within them).
    func caseClosed() -> Self {
        var added: [ClosedRange<UInt32>] = []
        for range in ranges {
            // ASCII capitals map to the lowercase letters 32 above them.
            let low = max(range.lowerBound, 0x41)
            let high = min(range.upperBound, 0x5A)
            if low <= high { added.append((low + 0x20)...(high + 0x20)) }
            let start = max(range.lowerBound, 0x80)
            guard start <= range.upperBound, range.upperBound - start < Self.maxFoldedRange else { continue }
            for value in start...range.upperBound {
                let folded = RegexFolding.foldNonASCII(value)
                if folded != value { added.append(folded...folded) }
            }
        }
        return added.isEmpty ? self : Self(ranges + added)
    }

    /// The ranges sorted and merged where they overlap or touch.
    private static func normalised(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Sets the ASCII bits from `ranges`.
    private mutating func computeBitmap() {
        asciiLow = 0
        asciiHigh = 0
        for range in ranges where range.lowerBound < 128 {
            for value in range.lowerBound...min(range.upperBound, 127) {
                if value < 64 { asciiLow |= 1 << UInt64(value) } else { asciiHigh |= 1 << UInt64(value - 64) }
            }
        }
    }
}
