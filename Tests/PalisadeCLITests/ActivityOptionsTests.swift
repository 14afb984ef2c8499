import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeTestSupport
import Testing

@testable import PalisadeCLI

/// 2026-09-14T08:03:20Z.
private let now = Date(timeIntervalSince1970: 1_789_373_000)

/// The query `arguments` make at `now`, or nil when they are refused.
private func query(_ arguments: [String]) -> ActivityQuery? {
    guard let command = parsed(QueryActivities.self, arguments) else { return nil }
    return try? command.filters.query(now: now)
}

/// Why `IPFeedFile.check` refuses `path`; "" when it accepts it.
private func feedFileRefusal(_ path: String) -> String {
    do {
        _ = try IPFeedFile.check(path)
        return ""
    } catch {
        return "\(error)"
    }
}

/// The filters of `palisade activities query` and the options of `palisade ip-ranges`: what
/// they send, and what they refuse before connecting.
@Suite("Activity and IP range options")
struct ActivityOptionsTests {
    @Test("a span counts back from now; units s, m, h, d, w, any case")
    func relativeTimes() throws {
        #expect(try QueryTime.parse("24h", option: "--from") == .ago(86_400))
        #expect(try QueryTime.parse("7d", option: "--from") == .ago(7 * 86_400))
        #expect(try QueryTime.parse("30m", option: "--from") == .ago(1_800))
        #expect(try QueryTime.parse("2W", option: "--from") == .ago(14 * 86_400))
        #expect(try QueryTime.parse("90s", option: "--from").resolved(now: now) == now.addingTimeInterval(-90))
        let spanned = try #require(query(["--from", "24h", "--to", "1h"]))
        #expect(spanned.from == now.addingTimeInterval(-86_400) && spanned.to == now.addingTimeInterval(-3_600))
    }

    @Test("RFC 3339 with an offset or fractions, and a date as its midnight UTC")
    func instants() throws {
        #expect(try QueryTime.parse("2026-09-14T08:03:20Z", option: "--from") == .instant(now))
        #expect(try QueryTime.parse("2026-09-14T10:03:20+02:00", option: "--from") == .instant(now))
        #expect(try QueryTime.parse("2026-09-14T08:03:20.5Z", option: "--from") == .instant(now.addingTimeInterval(0.5)))
        #expect(try QueryTime.parse("2026-09-14", option: "--from") == .instant(Date(timeIntervalSince1970: 1_789_344_000)))
    }

    @Test(
        "a time that is none of the forms is refused, naming the option and the forms",
        arguments: ["yesterday", "2026-02-30", "2026-9-14", "24", "h", "7 d", "5y", "14:00", "99999999999999999999d"])
    func badTimes(text: String) {
        let message = refusal(QueryActivities.self, ["--from", text]) ?? ""
        let named = message.hasPrefix("--from '\(text)' ")
        #expect(named, "\(message)")
    }

    @Test("a span of more than 100 years is refused rather than overflowing")
    func hugeSpan() {
        #expect(refusal(QueryActivities.self, ["--to", "40000d"]) == "--to '40000d' reaches back more than 100 years")
    }

    @Test("--to must be after --from")
    func order() {
        let message = refusal(QueryActivities.self, ["--from", "1h", "--to", "2h"]) ?? ""
        #expect(message.hasPrefix("--to (") && message.contains("must be after --from"), "\(message)")
    }

    @Test("categories by name, any case, - or _; an unknown one lists the valid names")
    func categories() throws {
        let sent = try #require(query(["--category", "Failed-Login", "--category", "ADMIN_SETTING", "--category", "ai"]))
        #expect(sent.categories == [.failedLogin, .adminSetting, .ai])
        let message = refusal(QueryActivities.self, ["--category", "logins"])
        #expect(message == "--category 'logins' is not one of: \(MessageNames.activityCategory.list)")
        #expect(MessageNames.activityCategory.list.contains("failed-login, logout"))
        let ipCategories = try #require(query(["--ip-category", "cloud-provider", "--ip-category", "VPN", "--ip-category", "none"]))
        #expect(ipCategories.ipCategories == [.cloudProvider, .vpn, .none])
        #expect(refusal(QueryActivities.self, ["--ip-category", "tor"])?.hasPrefix("--ip-category 'tor' is not one of: corporate") == true)
    }

    @Test("--ip takes addresses and CIDR blocks, v4 and v6; a bad one is refused with the reason")
    func ips() throws {
        let sent = try #require(query(["--ip", "203.0.113.7", "--ip", "10.0.0.0/8", "--ip", "2001:db8::/32"]))
        #expect(sent.ips == ["203.0.113.7", "10.0.0.0/8", "2001:db8::/32"])
        #expect(refusal(QueryActivities.self, ["--ip", "10.0.0.1/8"])?.contains("host bits are set") == true)
        #expect(refusal(QueryActivities.self, ["--ip", "10.0.0.0/33"])?.hasPrefix("--ip: \"10.0.0.0/33\"") == true)
        #expect(refusal(QueryActivities.self, ["--ip", "example.com"])?.contains("is not an IPv4 or IPv6 address") == true)
    }

    @Test("every filter maps to its ActivityQuery field; nothing given is everything, newest first")
    func mapping() throws {
        let arguments = [
            "--org", "E1", "--user", "W1", "--user", "a@b.c", "--action", "user_login", "--country", "de", "--tag", "Tor",
            "--app", "A1", "--admin", "--not-impersonated", "--text", "al", "--oldest-first", "--limit", "5", "--cursor", "1789372272:1290",
        ]
        let sent = try #require(query(arguments))
        let expected = ActivityQuery(
            orgIDs: ["E1"], users: ["W1", "a@b.c"], actions: ["user_login"], countries: ["de"], ipTags: ["Tor"], apps: ["A1"],
            administrative: true, impersonated: false, text: "al", order: .oldestFirst, limit: 5, cursor: "1789372272:1290")
        #expect(sent == expected)
        #expect(query([]) == ActivityQuery())
        #expect(query(["--no-admin", "--impersonated"])?.administrative == false)
        #expect(query(["--no-admin", "--impersonated"])?.impersonated == true)
        #expect(refusal(QueryActivities.self, ["--admin", "--no-admin"]) != nil)
    }

    @Test(
        "what the service would refuse is refused first: country, text, cursor",
        arguments: [
            (["--country", "DEU"], "--country 'DEU' is not a two-letter ISO 3166-1 code (DE, US, GB)"),
            (["--text", "a"], "--text needs 2 characters or more"),
            (
                ["--cursor", "1789372272"],
                "--cursor '1789372272' is not <time>:<sequence> (as printed under a table, e.g. 1789372272:1290)"
            ),
            (["--cursor", "x:1"], "--cursor 'x:1' is not <time>:<sequence> (as printed under a table, e.g. 1789372272:1290)"),
        ])
    func refusedEarly(arguments: [String], message: String) {
        #expect(refusal(QueryActivities.self, arguments) == message)
    }

    @Test("output: a table by default, --json is jsonl, a table's --limit is 1…10000, csv and jsonl take any")
    func formats() throws {
        #expect(parsed(QueryActivities.self, [])?.outputFormat == .table)
        #expect(parsed(QueryActivities.self, ["--json"])?.outputFormat == .jsonl)
        #expect(parsed(QueryActivities.self, ["--json", "--format", "jsonl"])?.outputFormat == .jsonl)
        #expect(parsed(QueryActivities.self, ["--format", "csv"])?.outputFormat == .csv)
        #expect(refusal(QueryActivities.self, ["--json", "--format", "csv"]) == "--json is --format jsonl: drop --json or --format csv")
        #expect(refusal(QueryActivities.self, ["--limit", "0"])?.hasPrefix("a table shows 1 to 10000 rows (--limit 0)") == true)
        #expect(refusal(QueryActivities.self, ["--limit", "10001"]) != nil)
        #expect(refusal(QueryActivities.self, ["--limit", "0", "--format", "csv"]) == nil)
        #expect(refusal(QueryActivities.self, ["--limit", "500000", "--json"]) == nil)
    }

    @Test("ingestion's address: --address, PALISADE_INGESTION_ADDRESS, the profile's ingestionAddress, then 7102")
    func address() throws {
        let bare = try #require(parsed(ActivityStats.self, []))
        #expect(bare.ingestion.resolvedAddress(environment: [:], profile: nil) == "127.0.0.1:7102")
        // The connector's variable and profile address never send ingestion's commands to the connector.
        let connectorOnly = ClientProfile(address: "10.0.0.5:7101")
        #expect(bare.ingestion.resolvedAddress(environment: ["PALISADE_ADDRESS": "c:7101"], profile: connectorOnly) == "127.0.0.1:7102")
        let profile = ClientProfile(address: "10.0.0.5:7101", ingestionAddress: "10.0.0.6:7102")
        #expect(bare.ingestion.resolvedAddress(environment: [:], profile: profile) == "10.0.0.6:7102")
        #expect(bare.ingestion.resolvedAddress(environment: ["PALISADE_INGESTION_ADDRESS": "i:1"], profile: profile) == "i:1")
        let flagged = try #require(parsed(ActivityStats.self, ["--address", "f:2"]))
        #expect(flagged.ingestion.resolvedAddress(environment: ["PALISADE_INGESTION_ADDRESS": "i:1"], profile: profile) == "f:2")
    }

    @Test("a query streams with no deadline unless --timeout gives one; unary calls wait 30 s")
    func timeouts() throws {
        let bare = try #require(parsed(QueryActivities.self, []))
        #expect(bare.ingestion.streamOptions.timeout == nil && bare.ingestion.callOptions.timeout == .seconds(30))
        let given = try #require(parsed(QueryActivities.self, ["--timeout", "5"]))
        #expect(given.ingestion.streamOptions.timeout == .seconds(5))
        #expect(refusal(QueryActivities.self, ["--timeout", "0"]) == "--timeout must be a positive number of seconds")
    }

    @Test("ip-ranges add: networks checked, at least one; the category by name; the name 1–200 characters")
    func addRange() throws {
        let add = try #require(parsed(AddIPRange.self, ["vpn", "--network", "192.0.2.0/24", "--category", "VPN", "--tag", "Paris"]))
        #expect(try add.range() == IPRange(name: "vpn", networks: ["192.0.2.0/24"], category: .vpn, tags: ["Paris"], source: "operator"))
        #expect(refusal(AddIPRange.self, ["vpn", "--category", "vpn"])?.hasPrefix("give at least one --network") == true)
        #expect(refusal(AddIPRange.self, ["vpn", "--network", "192.0.2.1/24", "--category", "vpn"])?.contains("host bits are set") == true)
        let noneCategory = refusal(AddIPRange.self, ["vpn", "--network", "192.0.2.0/24", "--category", "none"])
        #expect(noneCategory == "--category 'none' is not one of: corporate, administrative, risky, vpn, cloud-provider, other")
        let long = String(repeating: "n", count: 201)
        #expect(
            refusal(AddIPRange.self, [long, "--network", "192.0.2.0/24", "--category", "vpn"])?.hasPrefix("the name must be 1 to 200")
                == true)
        #expect(refusal(AddIPRange.self, ["vpn", "--network", "192.0.2.0/24"])?.contains("--category") == true)
    }

    @Test("ip-ranges load: the feed by name; the file checked before connecting")
    func loadFeed() throws {
        let load = try #require(parsed(LoadIPFeed.self, ["--format", "Spamhaus", "drop.txt"]))
        #expect(try load.feedFormat() == .spamhaus)
        #expect(
            refusal(LoadIPFeed.self, ["--format", "gcp", "x.json"]) == "--format 'gcp' is not one of: tor, firehol, spamhaus, aws, azure")
        let directory = try TemporaryDirectory("cli-feed-check")
        let empty = try directory.write("empty.txt", "")
        let messages = [directory.file("missing.txt"), directory.path, empty].map(feedFileRefusal)
        #expect(
            messages[0] == "\(directory.path)/missing.txt: no such file; download the feed first (see `palisade ip-ranges load --help`)")
        #expect(messages[1] == "\(directory.path) is a directory; give the feed file")
        #expect(messages[2] == "\(empty) is empty: loading it would empty the feed; download it again")
        let one = try directory.write("one.txt", "192.0.2.1\n")
        #expect(feedFileRefusal(one) == "")
        #expect(try IPFeedFile.check(one).size == 10)
    }
}
