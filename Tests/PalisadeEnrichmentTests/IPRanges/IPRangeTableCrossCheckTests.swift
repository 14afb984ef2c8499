import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import PalisadeTestSupport
import Testing

/// The flattened table against the definition itself: a linear scan of every block with
/// `IPNetwork.contains`, on random ranges crowded into a few corners of the address space so
/// that blocks nest, repeat, share boundaries and reach the ends of the space.
@Suite struct IPRangeTableCrossCheckTests {
    private static let tags = ["Tor", "Botnet", "AWS", "corp", "lab", "é"]
    private static let categories: [IPCategory] = [.none, .corporate, .administrative, .risky, .vpn, .cloudProvider, .other]

    @Test(arguments: [1 as UInt64, 2, 3])
    func agreesWithALinearScan(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let ranges = (0..<3000).map { Self.randomRange($0, &random) }
        let table = IPRangeTable(ranges)
        var probes: [IPAddress] = []
        for range in ranges.prefix(600) {
            for network in range.networks {
                probes += [network.address, network.lastAddress, Self.step(network.address, by: -1), Self.step(network.lastAddress, by: 1)]
            }
        }
        for _ in 0..<2000 { probes.append(Self.randomAddress(&random)) }
        probes += [IPAddress(high: 0, low: 0), IPAddress(high: .max, low: .max), IPAddress(ipv4: 0), IPAddress(ipv4: .max)]
        var mismatches: [String] = []
        for address in probes {
            let expected = Self.linearScan(ranges, address)
            let found = table.lookup(address)
            if found != expected, mismatches.count < 5 { mismatches.append("\(address): table \(found), scan \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(probes.count > 5000)
    }

    /// The rule as written: operator blocks holding the address, else feed blocks; among those, the
    /// longest; equal ones merged (category by precedence, tags unioned).
    private static func linearScan(_ ranges: [CatalogueRange], _ address: IPAddress) -> IPRangeMatch {
        for custom in [true, false] {
            var best = -1
            var match = IPRangeMatch.none
            for range in ranges where (range.source == .custom) == custom {
                for network in range.networks where network.contains(address) && network.bitLength >= best {
                    let own = IPRangeMatch(category: range.category, tags: range.tags)
                    if network.bitLength > best {
                        match = own
                        best = network.bitLength
                    } else {
                        let category = Self.rank(own.category) < Self.rank(match.category) ? own.category : match.category
                        match = IPRangeMatch(category: category, tags: match.tags + own.tags)
                    }
                }
            }
            if best >= 0 { return match }
        }
        return .none
    }

    private static func rank(_ category: IPCategory) -> Int { IPCategory.overlapPrecedence.firstIndex(of: category) ?? 99 }

    private static func randomRange(_ index: Int, _ random: inout SplitMix64) -> CatalogueRange {
        let count = Int.random(in: 1...3, using: &random)
        let networks = (0..<count).map { _ in randomNetwork(&random) }
        let tagCount = Int.random(in: 0...2, using: &random)
        return CatalogueRange(
            name: "r\(index)", networks: networks, category: categories.randomElement(using: &random)!,
            tags: (0..<tagCount).map { _ in tags.randomElement(using: &random)! },
            source: Bool.random(using: &random) && Int.random(in: 0..<3, using: &random) == 0 ? .custom : .feed(.tor))
    }

    /// Addresses from a few corners (so blocks collide), at every prefix length.
    private static func randomNetwork(_ random: inout SplitMix64) -> IPNetwork {
        let address = randomAddress(&random)
        if address.isIPv4 {
            return try! IPNetwork(address: address, prefixLength: skewedLength(32, &random), allowHostBits: true)
        }
        // Now and then an IPv6 block wide enough to hold the whole IPv4 space.
        let length = Int.random(in: 0..<40, using: &random) == 0 ? Int.random(in: 0...95, using: &random) : skewedLength(128, &random)
        return try! IPNetwork(address: address, prefixLength: length, allowHostBits: true)
    }

    /// Lengths near the maximum are likelier, as in real feeds, but every length occurs.
    private static func skewedLength(_ maximum: Int, _ random: inout SplitMix64) -> Int {
        Int.random(in: 0..<4, using: &random) == 0
            ? Int.random(in: 0...maximum, using: &random) : Int.random(in: (maximum * 3 / 4)...maximum, using: &random)
    }

    private static func randomAddress(_ random: inout SplitMix64) -> IPAddress {
        let v4Corners: [UInt32] = [0x0000_0000, 0x0A00_0000, 0x5102_4500, 0xFFFF_FF00]
        let v6Corners: [(UInt64, UInt64)] = [(0, 0), (0x2001_0DB8_0000_0000, 0), (.max, .max - 0xFFFF)]
        if Bool.random(using: &random) {
            let corner = v4Corners.randomElement(using: &random)!
            return IPAddress(ipv4: corner ^ UInt32.random(in: 0...0xFFFF, using: &random))
        }
        let corner = v6Corners.randomElement(using: &random)!
        let noise = UInt64.random(in: 0...0xFFFF_FFFF, using: &random)
        return IPAddress(high: corner.0 ^ (Bool.random(using: &random) ? noise << 16 : 0), low: corner.1 ^ noise)
    }

    /// The address `delta` (±1) away, wrapping at the ends of the 128-bit space.
    private static func step(_ address: IPAddress, by delta: Int) -> IPAddress {
        if delta > 0 {
            let low = address.low &+ 1
            return IPAddress(high: low == 0 ? address.high &+ 1 : address.high, low: low)
        }
        let low = address.low &- 1
        return IPAddress(high: address.low == 0 ? address.high &- 1 : address.high, low: low)
    }
}
