/// Makes entry ids: UUID version-4 shaped, lower-case, unique by construction.
///
/// The high 64 bits are random (with the version nibble set). The low 62 bits are a bijection of
/// a counter (xor key, multiply by odd constants, xor-shifts: each step is invertible on 62 bits),
/// so two ids from one source never collide, without a set of the ids seen so far.
struct EntryIDSource: Sendable {
    private var random: ScenarioRandom
    private var counter: UInt64
    private let key: UInt64

    /// `firstCounter` separates id spaces (the live source starts far above any scenario size).
    init(seed: UInt64, stream: UInt64, firstCounter: UInt64 = 0) {
        random = ScenarioRandom(seed: seed, stream: stream)
        key = ScenarioRandom.mix(seed ^ 0x1D5) & Self.mask
        counter = firstCounter
    }

    private static let mask: UInt64 = (1 << 62) - 1

    private static func permute(_ value: UInt64) -> UInt64 {
        var x = value & mask
        x = (x &* 0x2545_F491_4F6C_DD1D) & mask
        x ^= x >> 29
        x = (x &* 0x1B87_3593_3C6E_F37B) & mask
        x ^= x >> 31
        return x
    }

    /// The next id as its two 64-bit halves (string order = numeric order of (high, low)).
    mutating func nextValue() -> (high: UInt64, low: UInt64) {
        let high = (random.next() & ~0xF000) | 0x4000
        let low = (1 << 63) | Self.permute(counter ^ key)
        counter &+= 1
        return (high, low)
    }

    /// Appends the next id's 36 characters (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
    mutating func next(into bytes: inout [UInt8]) {
        let (high, low) = nextValue()
        Self.appendHex(high >> 32, digits: 8, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendHex(high >> 16, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendHex(high, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendHex(low >> 48, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendHex(low, digits: 12, to: &bytes)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendHex(_ value: UInt64, digits: Int, to bytes: inout [UInt8]) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(hex[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }
}
