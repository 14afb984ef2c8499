import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import PalisadeTestSupport
import Testing

@Suite struct IPRangeOverlapTests {
    private func range(_ name: String, _ blocks: [String]) throws -> CatalogueRange {
        CatalogueRange(name: name, networks: try blocks.map { try IPNetwork(parsing: $0) }, category: .corporate, tags: [], source: .custom)
    }

    @Test func aBlockInsideAStoredOne() throws {
        let stored = [try range("Paris office", ["10.0.0.0/8", "2001:db8::/32"]), try range("Lyon", ["192.0.2.0/24"])]
        let overlaps = try range("VPN", ["10.1.0.0/16", "198.51.100.0/24"]).overlaps(with: stored)
        #expect(overlaps.map(\.description) == [#"10.1.0.0/16 overlaps 10.0.0.0/8 of range "Paris office""#])
        #expect(try range("VPN", ["198.51.100.0/24", "2001:db9::/32"]).overlaps(with: stored).isEmpty)
    }

    @Test func aBlockAroundStoredOnes() throws {
        let stored = [try range("a", ["10.1.0.0/16"]), try range("b", ["10.2.0.0/16", "11.0.0.0/8"])]
        let overlaps = try range("wide", ["10.0.0.0/8"]).overlaps(with: stored)
        #expect(overlaps.map(\.otherRange) == ["a", "b"])
        let networks = Set(overlaps.map(\.network.description))
        #expect(networks == ["10.0.0.0/8"])
    }

    @Test func withinTheNewRangeButNotAmongStoredOnesOrRepeats() throws {
        let stored = [try range("old1", ["172.16.0.0/12"]), try range("old2", ["172.16.1.0/24"])]
        let overlaps = try range("new", ["198.51.0.0/16", "198.51.100.0/24", "203.0.113.0/24", "203.0.113.0/24"]).overlaps(with: stored)
        #expect(
            overlaps == [
                IPRangeOverlap(
                    network: try IPNetwork(parsing: "198.51.0.0/16"), otherRange: "new",
                    otherNetwork: try IPNetwork(parsing: "198.51.100.0/24"))
            ])
    }

    @Test func anIPv6BlockAroundTheIPv4Space() throws {
        let overlaps = try range("all v6", ["::/64"]).overlaps(with: [try range("office", ["81.2.69.0/24"])])
        #expect(overlaps.map(\.description) == [#"::/64 overlaps 81.2.69.0/24 of range "office""#])
    }

    @Test func agreesWithEveryPair() throws {
        var random = SplitMix64(seed: 42)
        func block() -> IPNetwork {
            let bits = UInt32.random(in: 0...0xFFFF, using: &random) << 16
            return try! IPNetwork(address: IPAddress(ipv4: bits), prefixLength: Int.random(in: 4...24, using: &random), allowHostBits: true)
        }
        let stored = (0..<300).map {
            CatalogueRange(name: "s\($0)", networks: [block(), block()], category: .vpn, tags: [], source: .custom)
        }
        let candidate = CatalogueRange(name: "new", networks: (0..<20).map { _ in block() }, category: .vpn, tags: [], source: .custom)
        var expected: Set<IPRangeOverlap> = []
        let own = Array(Set(candidate.networks))
        for (index, network) in own.enumerated() {
            for range in stored {
                for other in range.networks where network.overlaps(other) {
                    expected.insert(IPRangeOverlap(network: network, otherRange: range.name, otherNetwork: other))
                }
            }
            for other in own[(index + 1)...] where network.overlaps(other) {
                // Reported once, from the wider (or first-sorted) of the two.
                let (outer, inner) = network.contains(other) ? (network, other) : (other, network)
                expected.insert(IPRangeOverlap(network: outer, otherRange: "new", otherNetwork: inner))
            }
        }
        let found = candidate.overlaps(with: stored)
        #expect(Set(found) == expected && found.count == expected.count)
        #expect(!expected.isEmpty)
    }
}
