import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import Testing

@Suite struct IPRangeTableTests {
    private func range(
        _ name: String, _ blocks: [String], _ category: IPCategory, _ tags: [String] = [], source: IPRangeSource = .custom
    ) throws -> CatalogueRange {
        CatalogueRange(name: name, networks: try blocks.map { try IPNetwork(parsing: $0) }, category: category, tags: tags, source: source)
    }

    private func lookup(_ table: IPRangeTable, _ text: String) throws -> IPRangeMatch {
        table.lookup(try #require(IPAddress(text)))
    }

    @Test func noRangeMeansNone() throws {
        #expect(try lookup(.empty, "8.8.8.8") == .none)
        #expect(try lookup(.empty, "2001:db8::1") == .none)
        let table = IPRangeTable([try range("office", ["81.2.69.0/24"], .corporate)])
        let miss = try lookup(table, "81.2.70.1")
        #expect(miss.category == .none && miss.tags.isEmpty)
        #expect(try lookup(table, "81.2.69.255") == IPRangeMatch(category: .corporate, tags: []))
    }

    @Test func operatorRangesBeatFeedsEvenWhenWider() throws {
        let table = IPRangeTable([
            try range("Tor exit nodes", ["185.220.101.1/32"], .risky, ["Tor"], source: .feed(.tor)),
            try range("lab", ["185.220.0.0/16"], .corporate, ["lab"]),
        ])
        #expect(try lookup(table, "185.220.101.1") == IPRangeMatch(category: .corporate, tags: ["lab"]))
        // Outside the operator's block the feed still answers.
        let other = IPRangeTable([try range("Tor", ["185.220.101.1/32"], .risky, ["Tor"], source: .feed(.tor))])
        #expect(try lookup(other, "185.220.101.1") == IPRangeMatch(category: .risky, tags: ["Tor"]))
    }

    @Test func anOperatorRangeWithNoCategoryMasksAFeed() throws {
        let table = IPRangeTable([
            try range("FireHOL", ["23.94.0.0/16"], .risky, ["Malware C&C"], source: .feed(.firehol)),
            try range("partner (false positive)", ["23.94.7.0/24"], .none),
        ])
        #expect(try lookup(table, "23.94.7.175") == .none)
        #expect(try lookup(table, "23.94.8.1").category == .risky)
    }

    @Test func longerPrefixWins() throws {
        let table = IPRangeTable([
            try range("corp", ["10.0.0.0/8"], .corporate, ["hq"]),
            try range("vpn", ["10.1.0.0/16"], .vpn, ["vpn"]),
            try range("admins", ["10.1.2.0/24"], .administrative),
        ])
        #expect(try lookup(table, "10.0.0.1").category == .corporate)
        #expect(try lookup(table, "10.1.0.1").category == .vpn)
        #expect(try lookup(table, "10.1.2.3") == IPRangeMatch(category: .administrative, tags: []))
        #expect(try lookup(table, "10.1.3.0").category == .vpn)
        #expect(try lookup(table, "10.255.255.255").category == .corporate)
        #expect(try lookup(table, "11.0.0.0") == .none)
    }

    @Test func equallySpecificFeedsMerge() throws {
        let table = IPRangeTable([
            try range("Tor", ["185.220.101.1/32"], .risky, ["Tor"], source: .feed(.tor)),
            try range("FireHOL", ["185.220.101.1/32", "1.10.16.0/20"], .risky, ["Malware C&C"], source: .feed(.firehol)),
            try range("AWS", ["185.220.101.1/32", "3.5.140.0/22"], .cloudProvider, ["AWS"], source: .feed(.aws)),
            try range("Spamhaus", ["1.10.0.0/16"], .risky, ["Botnet"], source: .feed(.spamhaus)),
        ])
        #expect(try lookup(table, "185.220.101.1") == IPRangeMatch(category: .risky, tags: ["AWS", "Malware C&C", "Tor"]))
        // Nested feed blocks: the longer one alone.
        #expect(try lookup(table, "1.10.16.1") == IPRangeMatch(category: .risky, tags: ["Malware C&C"]))
        #expect(try lookup(table, "1.10.15.255") == IPRangeMatch(category: .risky, tags: ["Botnet"]))
    }

    @Test func overlappingOperatorRangesStillAnswerDeterministically() throws {
        let table = IPRangeTable([
            try range("a", ["192.0.2.0/24"], .corporate, ["a"]),
            try range("b", ["192.0.2.0/24"], .vpn, ["b"]),
        ])
        #expect(try lookup(table, "192.0.2.1") == IPRangeMatch(category: .vpn, tags: ["a", "b"]))
    }

    @Test func ipv4MappedAddressesFindIPv4Ranges() throws {
        let table = IPRangeTable([try range("office", ["81.2.69.0/24"], .corporate)])
        #expect(try lookup(table, "::ffff:81.2.69.142").category == .corporate)
        #expect(try lookup(table, "::ffff:81.2.70.1") == .none)
    }

    @Test func ipv6Ranges() throws {
        let table = IPRangeTable([
            try range("site", ["2001:db8::/32"], .corporate),
            try range("AWS", ["2001:db8:1::/48", "2600:1f14::/35"], .cloudProvider, ["AWS"], source: .feed(.aws)),
            try range("lab", ["2001:db8:1:2::/64"], .administrative),
            try range("edge", ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"], .other),
        ])
        #expect(try lookup(table, "2001:db8:1::5").category == .corporate)
        #expect(try lookup(table, "2001:db8:1:2::9").category == .administrative)
        #expect(try lookup(table, "2600:1f14:1000::1") == IPRangeMatch(category: .cloudProvider, tags: ["AWS"]))
        #expect(try lookup(table, "2600:1f14:2000::1").category == .none)
        #expect(try lookup(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").category == .other)
        #expect(try lookup(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe") == .none)
        #expect(try lookup(table, "81.2.69.1") == .none)
    }

    @Test func aWideIPv6BlockHoldsIPv4AddressesBehindIPv4Blocks() throws {
        let table = IPRangeTable([
            try range("everything", ["::/0"], .other, ["any"], source: .feed(.azure)),
            try range("v4", ["0.0.0.0/0"], .risky, ["v4"], source: .feed(.tor)),
            try range("host", ["255.255.255.255/32"], .vpn, source: .feed(.tor)),
        ])
        #expect(try lookup(table, "8.8.8.8").tags == ["v4"])
        #expect(try lookup(table, "255.255.255.255").category == .vpn)
        #expect(try lookup(table, "2001:db8::1").tags == ["any"])
        let onlyV6 = IPRangeTable([try range("everything", ["::/0"], .other, ["any"])])
        #expect(try lookup(onlyV6, "0.0.0.0").tags == ["any"])
    }

    @Test func tagsAreSortedByBytesOnce() throws {
        let table = IPRangeTable([
            try range("x", ["198.51.100.0/24"], .risky, ["b", "Tor", "a", "b", "é", "Z"], source: .feed(.tor)),
            try range("y", ["198.51.100.0/24"], .risky, ["a", "Tor"], source: .feed(.firehol)),
        ])
        #expect(try lookup(table, "198.51.100.7").tags == ["Tor", "Z", "a", "b", "é"])
        #expect(table.rangeCount == 2 && table.networkCount == 2)
    }

    @Test func repeatsInOneRangeCountOnce() throws {
        let table = IPRangeTable([try range("x", ["198.51.100.0/24", "198.51.100.0/24", "2001:db8::/32"], .vpn)])
        #expect(table.networkCount == 2)
        #expect(table.intervalCount.ipv4 == 3 && table.intervalCount.ipv6 == 3)
        #expect(table.memoryBytes > 0)
    }
}
