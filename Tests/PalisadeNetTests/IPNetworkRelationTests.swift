import PalisadeNet
import Testing

@Suite struct IPNetworkRelationTests {
    private func network(_ text: String) throws -> IPNetwork { try IPNetwork(parsing: text) }

    @Test func containsAndOverlaps() throws {
        let wide = try network("10.0.0.0/8")
        let narrow = try network("10.20.0.0/16")
        #expect(wide.contains(narrow) && !narrow.contains(wide))
        #expect(wide.overlaps(narrow) && narrow.overlaps(wide))
        #expect(wide.contains(wide) && wide.overlaps(wide))
        #expect(try !wide.overlaps(network("11.0.0.0/8")))
        #expect(try !network("2001:db8::/32").overlaps(network("2001:db9::/32")))
        // One 128-bit space: an IPv6 block around ::ffff:0:0/96 holds every IPv4 block.
        #expect(try network("::/0").contains(wide))
        #expect(try !network("0.0.0.0/0").overlaps(network("2001:db8::/32")))
    }

    @Test func subtractingDisjointOrCoveringBlocks() throws {
        let block = try network("192.168.0.0/16")
        #expect(try block.subtracting(network("10.0.0.0/8")) == [block])
        #expect(try block.subtracting(network("192.0.0.0/8")) == [])
        #expect(block.subtracting(block) == [])
    }

    @Test func subtractingAnInnerBlockLeavesTheSiblings() throws {
        let remainder = try network("10.0.0.0/8").subtracting(network("10.0.0.0/10"))
        #expect(remainder.map(\.description) == ["10.64.0.0/10", "10.128.0.0/9"])
        let middle = try network("0.0.0.0/6").subtracting(network("2.0.0.0/8"))
        #expect(middle.map(\.description) == ["0.0.0.0/7", "3.0.0.0/8"])
        let v6 = try network("2001:db8::/32").subtracting(network("2001:db8:8000::/34"))
        #expect(v6.map(\.description) == ["2001:db8::/33", "2001:db8:c000::/34"])
    }

    @Test func subtractingCrossesIntoTheIPv4MappedSpace() throws {
        let remainder = try network("::/80").subtracting(network("0.0.0.0/1"))
        // ::/80 holds ::0:0/96 … ::ffff:0:0/96; taking half of the IPv4 space leaves 128.0.0.0/1
        // (an IPv4 block) and the IPv6 siblings below it.
        #expect(remainder.count == 17)
        #expect(remainder.last?.description == "128.0.0.0/1")
        #expect(remainder.first?.description == "::/81")
        let total = remainder.reduce(0.0) { $0 + Self.size($1) }
        #expect(total == Self.size(try network("::/80")) - Self.size(try network("0.0.0.0/1")))
    }

    @Test func subtractingAHostFromAWideBlock() throws {
        let remainder = try network("0.0.0.0/0").subtracting(network("1.2.3.4"))
        #expect(remainder.count == 32)
        let host = try network("1.2.3.4")
        let untouched = remainder.filter { $0.overlaps(host) }
        #expect(untouched.isEmpty)
        #expect(try remainder.contains(network("1.2.3.5/32")))
    }

    /// The number of addresses in a block, as a double (exact up to 2^53, plenty for these checks).
    private static func size(_ network: IPNetwork) -> Double {
        var size = 1.0
        for _ in 0..<(128 - network.bitLength) { size *= 2 }
        return size
    }
}
