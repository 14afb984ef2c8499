import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import Testing

@Suite struct TextFeedParserTests {
    private func blocks(_ feed: IPFeed) -> [String] { feed.range.networks.map(\.description) }

    @Test func torListSkipsCommentsAndBlankLines() throws {
        let feed = try FeedFormat.tor.parse(FeedFixtures.tor)
        #expect(feed.entries == 11)
        #expect(blocks(feed).first == "171.25.193.20/32" && blocks(feed).last == "2001:67c:e60:c0c:192:42:116:16/128")
        #expect(feed.range.category == .risky && feed.range.tags == ["Tor"] && feed.range.source == .feed(.tor))
        #expect(feed.range.name == "Tor exit nodes" && feed.excluded.isEmpty)
    }

    @Test func torBadLineIsNamedByItsNumber() {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse(FeedFixtures.torWithBadLine) }
        #expect(error?.code == .badEntries)
        #expect(error?.problems.map(\.description) == [#"torbulkexitlist line 17: "1.2.3" is not an IPv4 address"#])
        #expect(error?.problems.first?.line == 17 && error?.problems.first?.text == "1.2.3")
        #expect(error?.message.hasPrefix(#"torbulkexitlist has 1 bad entry, so none of it was loaded (line 17: "1.2.3""#) == true)
    }

    @Test func manyBadLinesAreCountedAndTheFirstTwentyListed() {
        let text = (1...25).map { "exit-\($0)" }.joined(separator: "\n")
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse(text) }
        #expect(error?.problems.count == IPFeedError.maximumProblems)
        #expect(error?.problems.last?.line == 20)
        #expect(error?.message.contains("has 25 bad entries") == true)
        #expect(error?.message.contains("; and 22 more)") == true)
    }

    @Test(arguments: [
        ("1.2.3.0/24", #""1.2.3.0/24" is a CIDR block: the bulk exit list holds single addresses"#),
        ("2001:db8::zz", #""2001:db8::zz" is not an IPv6 address"#),
        ("185.220.101.1 extra", #""185.220.101.1 extra" is not an IPv4 address"#),
    ])
    func torReasons(line: String, reason: String) {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse("185.220.101.1\n\(line)\n") }
        #expect(error?.problems.first?.reason == reason && error?.problems.first?.line == 2)
    }

    @Test func otherFilesAreRefusedAtTheirFirstLine() {
        let json = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse(FeedFixtures.aws) }
        let expected = #"torbulkexitlist line 1 starts with "{": it is JSON, not a Tor bulk exit list"#
        #expect(json?.code == .wrongFormat && json?.message.hasPrefix(expected) == true)
        let html = #expect(throws: IPFeedError.self) { try FeedFormat.firehol.parse("\n<!DOCTYPE html>\n<html>502</html>\n") }
        #expect(html?.code == .wrongFormat && html?.message.contains("line 2 starts with \"<\"") == true)
        let exitAddresses =
            "ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\nPublished 2026-04-02 06:08:53\nExitAddress 162.247.74.201 2026-04-02 07:12:31\n"
        let stanza = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse(exitAddresses) }
        #expect(stanza?.code == .wrongFormat && stanza?.message.contains("exit-addresses") == true)
    }

    @Test(arguments: ["", "\n\n", "# only a header\n#\n"])
    func emptyFilesAreRefused(text: String) {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.tor.parse(text) }
        #expect(error?.code == .empty && error?.message.hasPrefix("torbulkexitlist lists no addresses") == true)
    }

    @Test func crlfLineEndingsAndAByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("185.220.101.1\r\n# note\r\n185.220.101.2\r\n".utf8)
        #expect(try blocks(FeedFormat.tor.parse(bytes)) == ["185.220.101.1/32", "185.220.101.2/32"])
    }

    @Test func fireholLeavesOutBogons() throws {
        let feed = try FeedFormat.firehol.parse(FeedFixtures.firehol)
        #expect(
            blocks(feed) == [
                "1.10.16.0/20", "1.19.0.0/16", "2.56.192.0/22", "5.42.92.0/24", "23.94.7.175/32", "45.95.147.236/32", "223.254.0.0/16",
            ])
        #expect(
            feed.excluded.map(\.description) == [
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
                "224.0.0.0/3",
            ])
        #expect(feed.entries == 15 && feed.range.tags == ["Malware C&C"] && feed.range.category == .risky)
    }

    @Test func aWideEntryKeepsAllButItsReservedPart() throws {
        let feed = try FeedFormat.firehol.parse("192.0.0.0/22\n")
        #expect(blocks(feed) == ["192.0.1.0/24", "192.0.3.0/24"])
        #expect(feed.excluded.map(\.description) == ["192.0.0.0/24", "192.0.2.0/24"])
    }

    @Test func onlyReservedSpaceIsEmpty() {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.firehol.parse("10.0.0.0/8\n192.168.1.0/24\n") }
        #expect(error?.code == .empty && error?.message.contains("lists only reserved addresses (2 entries)") == true)
    }

    @Test func fireholBadBlocks() {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.firehol.parse("# h\n1.10.16.0/20\n1.2.3.4/33\n5.6.7.8/24\n") }
        #expect(
            error?.problems.map(\.description) == [
                #"firehol_level1.netset line 3: "1.2.3.4/33" is not an IP address or CIDR block: the prefix length must be 0–32"#,
                #"firehol_level1.netset line 4: "5.6.7.8/24" is not an IP address or CIDR block: host bits are set (the block starts at 5.6.7.0/24)"#,
            ])
    }

    @Test func spamhausText() throws {
        let feed = try FeedFormat.spamhaus.parse(FeedFixtures.spamhausText)
        #expect(blocks(feed) == ["1.10.16.0/20", "1.19.0.0/16", "1.32.128.0/18", "2.56.192.0/22"])
        #expect(feed.range.tags == ["Botnet"] && feed.range.name == "Spamhaus DROP")
        let error = #expect(throws: IPFeedError.self) {
            try FeedFormat.spamhaus.parse("; DROP\n1.10.16.0/20 ; SBL256894\n1.19.0/16 ; SBL434604\n")
        }
        #expect(error?.problems.first?.description.hasPrefix(#"drop.txt line 3: "1.19.0/16" is not"#) == true)
    }

    @Test func loadNamesTheFileByItsName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("exits-2026-04-02.txt").path
        try FeedFixtures.torWithBadLine.write(toFile: path, atomically: false, encoding: .utf8)
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.tor.load(path: path) }
        #expect(error?.problems.first?.description.hasPrefix("exits-2026-04-02.txt line 17:") == true)
        let missing = #expect(throws: IPFeedError.self) { try FeedFormat.tor.load(path: directory.appendingPathComponent("nope").path) }
        #expect(missing?.code == .unreadable)
    }
}
