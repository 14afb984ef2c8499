/// The scenario's own seeded generator (xoshiro256**, seeded through SplitMix64).
///
/// Written out here rather than taken from the standard library so the sequence for a seed is
/// fixed by this file alone: byte-identical scenarios across platforms and Swift versions.
struct ScenarioRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64, which never yields an all-zero state for xoshiro.
    init(seed: UInt64) {
        var x = seed
        s0 = Self.splitMix(&x)
        s1 = Self.splitMix(&x)
        s2 = Self.splitMix(&x)
        s3 = Self.splitMix(&x)
    }

    /// An independent stream for one part of the scenario, so adding draws in one part does not
    /// shift every other part.
    init(seed: UInt64, stream: UInt64) {
        self.init(seed: Self.mix(seed ^ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15)))
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        return mix(x)
    }

    /// SplitMix64's finaliser: a bijection on 64 bits that scrambles well; also used as a hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `0..<bound` (bound ≥ 1) by the multiply-high method; its bias is below 2^-40
    /// for every bound used here, which does not matter for test data.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `lower...upper`.
    mutating func between(_ lower: Int64, _ upper: Int64) -> Int64 {
        guard upper > lower else { return lower }
        return lower + Int64(below(Int(upper - lower) + 1))
    }

    /// Uniform in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Index drawn with the given non-negative weights (at least one positive).
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = unit() * total
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// `count` distinct indices out of `0..<population` (partial Fisher–Yates; count ≤ population).
    mutating func sample(_ count: Int, of population: Int) -> [Int] {
        var pool = Array(0..<population)
        let n = min(count, population)
        for i in 0..<n {
            let j = i + below(population - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<n])
    }
}
