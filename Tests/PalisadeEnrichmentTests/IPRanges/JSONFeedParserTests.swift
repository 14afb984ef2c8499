import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import Testing

@Suite struct JSONFeedParserTests {
    private func blocks(_ feed: IPFeed) -> [String] { feed.range.networks.map(\.description) }

    @Test func spamhausJSONBothFamilies() throws {
        let v4 = try FeedFormat.spamhaus.parse(FeedFixtures.spamhausV4)
        #expect(blocks(v4) == ["1.10.16.0/20", "1.19.0.0/16", "1.32.128.0/18"])
        #expect(v4.entries == 3 && v4.range.category == .risky && v4.range.tags == ["Botnet"])
        let v6 = try FeedFormat.spamhaus.parse(FeedFixtures.spamhausV6, fileName: "drop_v6.json")
        #expect(blocks(v6) == ["2a06:e480::/29", "2a0d:8d40::/29"])
    }

    @Test func spamhausJSONWithoutItsMetadataIsIncomplete() {
        let truncated = FeedFixtures.spamhausV4.split(separator: "\n").prefix(2).joined(separator: "\n")
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.spamhaus.parse(truncated) }
        #expect(error?.code == .incomplete)
        #expect(error?.message.hasPrefix("drop_v4.json ends without the metadata record") == true)
    }

    @Test func spamhausJSONBadRecordsByLine() {
        let text = """
            {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
            {"cidr":"1.19.0.0/33","sblid":"SBL434604","rir":"apnic"}
            {"sblid":"SBL286275","rir":"apnic"}
            {"cidr":"1.32.128.0/18",
            {"type":"metadata","timestamp":1775158929,"size":94612,"records":3}
            {"cidr":"2.56.192.0/22","sblid":"SBL459831","rir":"ripencc"}
            """
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.spamhaus.parse(text, fileName: "drop_v4.json") }
        let lines = error?.problems.map(\.line)
        #expect(error?.code == .badEntries && lines == [2, 3, 4, 6])
        let reasons = error?.problems.map(\.reason) ?? []
        #expect(reasons.count == 4)
        #expect(reasons.first == #""1.19.0.0/33" is not an IP address or CIDR block: the prefix length must be 0–32"#)
        #expect(reasons.dropFirst().first == #"the record has no "cidr""#)
        #expect(reasons.dropFirst(2).first?.hasPrefix("it is not valid JSON") == true)
        #expect(reasons.last == "a record after the metadata record of line 5, which comes last")
    }

    @Test func prettyJSONIsNotSpamhaus() {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.spamhaus.parse(FeedFixtures.aws) }
        #expect(error?.code == .wrongFormat)
        #expect(error?.message.hasPrefix("drop_v4.json line 1 is not a JSON record on its own line, not a Spamhaus DROP list") == true)
    }

    @Test func awsDeduplicatesPrefixesAcrossServices() throws {
        let feed = try FeedFormat.aws.parse(FeedFixtures.aws)
        #expect(blocks(feed) == ["3.2.34.0/26", "3.5.140.0/22", "52.94.76.0/22", "2600:1f14::/35", "2a05:d07a:a000::/40"])
        #expect(feed.entries == 8 && feed.range.category == .cloudProvider && feed.range.tags == ["AWS"])
        #expect(feed.range.source == .feed(.aws) && feed.range.name == "Amazon Web Services")
    }

    @Test func awsBadPrefixesByPath() {
        let text = """
            {"prefixes": [{"ip_prefix": "3.2.34.0/26"}, {"ip_prefix": "3.2.34.0/20"}, {"region": "us-east-1"}],
             "ipv6_prefixes": [{"ipv6_prefix": "2600:1f14::/35"}, {"ipv6_prefix": "2600:1f14::/300"}]}
            """
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse(text) }
        let locations = error?.problems.map(\.location)
        #expect(locations == ["prefixes[1].ip_prefix", "prefixes[2].ip_prefix", "ipv6_prefixes[1].ipv6_prefix"])
        #expect(error?.problems.dropFirst().first?.description == "ip-ranges.json prefixes[2].ip_prefix: is missing")
    }

    @Test func awsWrongTypeIsOneProblemAtItsPath() {
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse(#"{"prefixes": [{"ip_prefix": 3}]}"#) }
        #expect(error?.code == .badEntries)
        #expect(error?.problems.map(\.description) == ["ip-ranges.json prefixes[0].ip_prefix: is not a string"])
    }

    @Test func awsGivenOtherFiles() {
        let azure = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse(FeedFixtures.azure) }
        #expect(azure?.code == .wrongFormat && azure?.message.hasPrefix(#"ip-ranges.json has no "prefixes" list at the top"#) == true)
        let tor = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse(FeedFixtures.tor) }
        #expect(tor?.code == .wrongFormat && tor?.message.hasPrefix("ip-ranges.json is not valid JSON") == true)
        #expect(tor?.message.contains(#"it starts with "171.25.193.20""#) == true)
        let array = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse("[1, 2]") }
        #expect(array?.code == .wrongFormat && array?.message.hasPrefix("ip-ranges.json is not an object") == true)
        let empty = #expect(throws: IPFeedError.self) { try FeedFormat.aws.parse("") }
        #expect(empty?.code == .wrongFormat)
    }

    @Test func azureReadsOnlyTheAzureCloudTags() throws {
        let feed = try FeedFormat.azure.parse(FeedFixtures.azure)
        #expect(
            blocks(feed) == [
                "13.64.0.0/11", "20.33.0.0/16", "2603:1000::/24", "13.68.128.0/17", "20.42.0.0/17", "2603:1030:210::/47",
            ])
        #expect(feed.range.category == .cloudProvider && feed.range.tags == ["Azure"] && feed.entries == 6)
    }

    @Test func azureWithoutAzureCloudOrWithBadPrefixes() {
        let serviceOnly = #"{"values": [{"name": "ActionGroup", "properties": {"addressPrefixes": ["4.145.74.52/30"]}}]}"#
        let none = #expect(throws: IPFeedError.self) { try FeedFormat.azure.parse(serviceOnly) }
        #expect(none?.code == .wrongFormat && none?.message.contains("has no AzureCloud service tag") == true)
        let bad =
            #"{"values": [{"name": "ActionGroup"}, {"name": "AzureCloud.westus", "properties": {"addressPrefixes": ["13.64.0.0/11", "garbage"]}}]}"#
        let error = #expect(throws: IPFeedError.self) { try FeedFormat.azure.parse(bad, fileName: "ServiceTags_Public_20260330.json") }
        #expect(
            error?.problems.map(\.description) == [
                #"ServiceTags_Public_20260330.json values[1].properties.addressPrefixes[1]: "garbage" is not an IP address or CIDR block: "garbage" is not an IPv4 or IPv6 address"#
            ])
    }
}
