import PalisadeNet
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("1.2.3.4", "1.2.3.4"), ("::ffff:81.2.69.142", "81.2.69.142"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"), ("::", "::"),
        ("0.0.0.0", "0.0.0.0"), ("fe80::1", "fe80::1"),
    ])
    func canonicalText(input: String, canonical: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test(arguments: ["", "1.2.3", "01.2.3.4", "1.2.3.4 ", "256.1.1.1", "fe80::1%eth0", "2001:db8::g", "hello", "1.2.3.4/24"])
    func refusesNonAddresses(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test func familiesAndBytes() throws {
        let v4 = try #require(IPAddress("10.1.2.3"))
        #expect(v4.isIPv4 && v4.ipv4Bits == 0x0A01_0203)
        #expect(IPAddress(bytes: [10, 1, 2, 3]) == v4)
        #expect(IPAddress(bytes: v4.bytes) == v4)
        let v6 = try #require(IPAddress("2001:db8::1"))
        #expect(!v6.isIPv4 && v6.bytes.first == 0x20 && v6.bytes.last == 1)
        #expect(try #require(IPAddress("::1")).isIPv4 == false)
    }
}

@Suite struct IPNetworkTests {
    @Test func parsesBlocksAndContains() throws {
        let network = try IPNetwork(parsing: "10.0.0.0/8")
        #expect(network.prefixLength == 8 && network.bitLength == 104)
        #expect(network.contains(try #require(IPAddress("10.255.0.1"))))
        #expect(!network.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(network.lastAddress.description == "10.255.255.255")
        let v6 = try IPNetwork(parsing: "2001:db8::/32")
        #expect(v6.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(try IPNetwork(parsing: "1.2.3.4").prefixLength == 32)
        #expect(try IPNetwork(parsing: "0.0.0.0/0").contains(try #require(IPAddress("8.8.8.8"))))
        #expect(try !IPNetwork(parsing: "0.0.0.0/0").contains(try #require(IPAddress("2001:db8::1"))))
        #expect(try IPNetwork(parsing: "10.1.2.3/8", allowHostBits: true).description == "10.0.0.0/8")
    }

    @Test(arguments: [
        ("10.0.0.1/8", "host bits are set (the block starts at 10.0.0.0/8)"), ("10.0.0.0/33", "the prefix length must be 0–32"),
        ("10.0.0.0/x", "\"x\" is not a prefix length"), ("nope/8", "\"nope\" is not an IPv4 or IPv6 address"),
        ("2001:db8::/129", "the prefix length must be 0–128"), ("10.0.0.0/-1", "\"-1\" is not a prefix length"),
    ])
    func refusesBadBlocks(input: String, reason: String) {
        let error = #expect(throws: IPNetwork.ParseError.self) { try IPNetwork(parsing: input) }
        #expect(error?.reason == reason && error?.text == input)
    }
}
