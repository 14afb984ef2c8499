import PalisadeNet
import Testing

/// `IPBogons`: the reserved blocks a feed's range is cut around.
@Suite("Reserved address space")
struct IPBogonsTests {
    private func network(_ text: String) throws -> IPNetwork { try IPNetwork(parsing: text) }

    @Test("a block inside reserved space is excluded whole; one outside is kept whole")
    func wholeBlocks() throws {
        let ten = try network("10.1.0.0/16"), google = try network("8.8.8.0/24")
        let privateBlock = IPBogons.excluding(from: ten)
        #expect(privateBlock.kept.isEmpty && privateBlock.excluded == [ten])
        let publicBlock = IPBogons.excluding(from: google)
        #expect(publicBlock.kept == [google] && publicBlock.excluded.isEmpty)
        let documentation = IPBogons.excluding(from: try network("2001:db8:1::/48"))
        #expect(documentation.kept.isEmpty)
    }

    @Test("a block holding reserved space keeps exactly the rest")
    func cutAround() throws {
        let (kept, excluded) = IPBogons.excluding(from: try network("192.0.0.0/16"))
        let reserved: Set = [try network("192.0.0.0/24"), try network("192.0.2.0/24")]
        #expect(Set(excluded) == reserved)
        // 2^16 addresses less the two /24s, in blocks that touch neither.
        let addresses = kept.reduce(0) { $0 + (1 << (32 - $1.prefixLength)) }
        #expect(addresses == 65_536 - 512)
        let touching = kept.filter { block in excluded.contains { $0.overlaps(block) } }
        #expect(touching.isEmpty)
    }
}
