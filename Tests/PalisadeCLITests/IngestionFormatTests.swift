import Foundation
import PalisadeMessages
import Testing

@testable import PalisadeCLI

/// 2026-09-14T08:03:20Z.
private let when = Date(timeIntervalSince1970: 1_789_373_000)

/// What `palisade activities stats` and the `ip-ranges` commands print.
@Suite("Ingestion format: stats summary, IP range table and lines")
struct IngestionFormatTests {
    @Test("the stats summary: every figure on its labelled line, unknown actions as a table, warnings last")
    func statsSummary() {
        let stats = IngestionStats(
            activities: 1_234, firstSequence: 57, lastSequence: 1_290, firstTime: when.addingTimeInterval(-86_400), lastTime: when,
            databaseBytes: 13_107_200, geoipDatabase: "GeoIP2-City /var/lib/palisade/city.mmdb",
            geoipBuilt: Date(timeIntervalSince1970: 1_680_307_200), ipRanges: 3, ipNetworks: 1_402,
            unknownActions: [UnknownAction(action: "workspace_teleported", count: 12, firstSeen: when, lastSeen: when)],
            retentionDays: 180, warnings: ["GeoIP database … was built 2023-04-01, over a year ago"])
        let lines = IngestionStatsFormat.summary(stats).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "activities      1234 (sequences 57–1290)",
                "time span       2026-09-13T08:03:20Z to 2026-09-14T08:03:20Z",
                "database        12.5 MiB",
                "GeoIP database  GeoIP2-City /var/lib/palisade/city.mmdb, built 2023-04-01",
                "IP ranges       3 ranges, 1402 networks",
                "retention       180 days",
                "unknown actions (not in the shipped catalogue; categorised by name or as other):",
                "  ACTION                COUNT  FIRST SEEN            LAST SEEN",
                "  workspace_teleported  12     2026-09-14T08:03:20Z  2026-09-14T08:03:20Z",
                "warning: GeoIP database … was built 2023-04-01, over a year ago",
            ])
    }

    @Test("an empty log, no GeoIP database, nothing unknown")
    func emptyStats() {
        let lines = IngestionStatsFormat.summary(IngestionStats(retentionDays: 180)).split(separator: "\n").map(String.init)
        #expect(lines[0] == "activities      0" && lines[1] == "time span       no activities")
        #expect(lines[3] == "GeoIP database  none configured (activities get no location)")
        #expect(lines.last == "unknown actions none")
        #expect(IngestionStatsFormat.activities(IngestionStats(lastSequence: 9)) == "0 (every activity up to sequence 9 was pruned)")
        #expect(IngestionStatsFormat.mebibytes(0) == "0.0 MiB" && IngestionStatsFormat.mebibytes(UInt64.max).hasSuffix(" MiB"))
    }

    @Test("the range table: a few networks listed, many counted with the first ones")
    func rangeTable() {
        let feed = IPRange(
            name: "tor", networks: (1...1290).map { "192.0.2.\($0 % 256)/32" }, category: .risky, tags: ["Tor"], source: "tor",
            updated: when)
        let office = IPRange(name: "office", networks: ["198.51.100.0/24", "2001:db8::/32"], category: .corporate, source: "operator")
        let lines = IPRangeFormat.table([office, feed]).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "office  corporate        operator  198.51.100.0/24, 2001:db8::/32")
        #expect(lines[2] == "tor     risky      Tor   tor       1290: 192.0.2.1/32, 192.0.2.2/32, …  2026-09-14T08:03:20Z")
        #expect(IPRangeFormat.networks(["a", "b", "c"]) == "a, b, c")
    }

    @Test("the line of a stored range, and of a loaded feed")
    func lines() {
        let range = IPRange(name: "vpn\u{1B}", networks: ["192.0.2.0/24"], category: .vpn, tags: ["Paris", "Lyon"])
        #expect(IPRangeFormat.line(range) == "vpn? (vpn; tags Paris, Lyon; 1 network: 192.0.2.0/24)")
        let summary = IPFeedSummary(range: IPRange(name: "aws", category: .cloudProvider, tags: ["AWS"]), networks: 9_000, replaced: 8_990)
        #expect(
            LoadIPFeed.summaryLine(summary, format: .aws)
                == "loaded the aws feed: 9000 networks (8990 of the previous load replaced); cloud-provider, tags AWS")
        #expect(
            LoadIPFeed.summaryLine(IPFeedSummary(networks: 3), format: .tor)
                == "loaded the tor feed: 3 networks (0 of the previous load replaced)")
    }
}
