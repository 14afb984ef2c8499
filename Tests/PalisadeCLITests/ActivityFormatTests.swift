import Foundation
import PalisadeMessages
import PalisadeWire
import Testing

@testable import PalisadeCLI

/// An activity with every column of the table and the CSV filled, and text that needs quoting.
private let full = Activity(
    sequence: 1290, orgID: "E0CONTOSO1", entryID: "4f1c2b9e", time: Date(timeIntervalSince1970: 1_789_372_272),
    action: "user_login", category: .failedLogin, administrative: true,
    actor: ActivityActor(kind: .bot, type: "user", id: "W1", name: "Bot, \"the\" one", email: "bot@slack-bots.com"),
    entity: ActivityEntity(type: "file", id: "F1", name: "plan\nQ3.pdf"), ip: "185.220.101.4", userAgent: "curl/8.0",
    sessionID: "1656410836837", impersonated: true, actingApp: ActivityApp(id: "A1", name: "Exporter"),
    location: ActivityLocation(country: "DE", city: "Berlin"), ipCategory: .cloudProvider, ipTags: ["AWS", "eu-central-1"])

/// `CSV`, `ActivityFormat` and `MessageNames`: the table, the CSV and the JSON lines of
/// `palisade activities query`.
@Suite("Activity format: table, CSV and JSON lines")
struct ActivityFormatTests {
    @Test(
        "CSV quotes a field only when it must (RFC 4180), doubling quotes",
        arguments: [
            ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""), ("crlf\r\n", "\"crlf\r\n\""), ("  spaced ", "  spaced "), ("ünï;code", "ünï;code"),
        ])
    func csvField(text: String, expected: String) {
        #expect(CSV.field(text) == expected)
    }

    @Test(
        "CSV defuses a field a spreadsheet would run as a formula",
        arguments: [
            ("=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""), ("+1", "'+1"), ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("a=b", "a=b"), ("x-1", "x-1"),
        ])
    func csvFormula(text: String, expected: String) {
        #expect(CSV.field(text) == expected)
    }

    @Test("a CSV record joins its fields with commas and ends in CRLF")
    func csvRecord() {
        #expect(CSV.record(["1", "a,b", ""]) == "1,\"a,b\",\r\n")
        #expect(CSV.record([]) == "\r\n")
    }

    @Test("an activity's CSV record: every main field, enum names, tags joined with ;")
    func csvFields() {
        let fields = ActivityFormat.csvFields(full)
        #expect(fields.count == ActivityFormat.csvHeader.count)
        #expect(
            fields == [
                "1290", "2026-09-14T07:51:12Z", "E0CONTOSO1", "4f1c2b9e", "user_login", "failed-login", "true", "true",
                "bot", "W1", "Bot, \"the\" one", "bot@slack-bots.com", "file", "F1", "plan\nQ3.pdf", "185.220.101.4",
                "DE", "Berlin", "cloud-provider", "AWS;eu-central-1", "curl/8.0", "1656410836837", "A1", "Exporter",
            ])
        let record = CSV.record(fields)
        #expect(record.contains(",\"Bot, \"\"the\"\" one\",bot@slack-bots.com,file,F1,\"plan\nQ3.pdf\","))
        let bare = ActivityFormat.csvFields(Activity(sequence: 1, category: .other))
        #expect(bare[5] == "other" && bare[8] == "" && bare[18] == "none" && bare[19] == "")
    }

    @Test("the table row: time, e-mail (else id), action, category, IP, country, IP category and tags, flags")
    func tableRow() {
        #expect(
            ActivityFormat.tableRow(full) == [
                "2026-09-14T07:51:12Z", "bot@slack-bots.com", "user_login", "failed-login", "185.220.101.4", "DE",
                "cloud-provider: AWS, eu-central-1", "AI",
            ])
        var plain = full
        plain.actor?.email = ""
        (plain.administrative, plain.impersonated, plain.ipCategory, plain.ipTags, plain.location) = (false, false, .none, [], nil)
        let row = ActivityFormat.tableRow(plain)
        #expect(row[1] == "W1" && row[5] == "" && row[6] == "" && row[7] == "-")
        plain.impersonated = true
        #expect(ActivityFormat.flags(plain) == "I")
        #expect(ActivityFormat.user(Activity()) == "")
    }

    @Test("the table lines up its columns, masks control characters, cuts long cells, ends no line in spaces")
    func table() {
        var long = full
        long.actor?.email = String(repeating: "x", count: 60) + "@example.com"
        long.action = "evil\u{1B}[2J"
        long.ipCategory = .none
        long.ipTags = []
        let lines = ActivityFormat.table([full, long]).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("TIME (UTC)            USER  "))
        #expect(lines[2].contains(String(repeating: "x", count: ActivityFormat.cellWidth - 1) + "…  evil?[2J "))
        let trailing = lines.filter { $0.hasSuffix(" ") }
        #expect(trailing.isEmpty)
        let header = lines[0].components(separatedBy: "ACTION")[0].count
        let firstRow = lines[1].components(separatedBy: "user_login")[0].count
        let secondRow = lines[2].components(separatedBy: "evil?[2J")[0].count
        #expect(header == firstRow && firstRow == secondRow)
    }

    @Test("a JSON line is exactly the wire's JSON: one line, enums as numbers, decoding back")
    func jsonLine() throws {
        let line = try ActivityFormat.jsonLine(full)
        #expect(!line.contains("\n"))
        #expect(line == String(decoding: try WireJSONEncoder().encode(full), as: UTF8.self))
        #expect(line.contains(#""category":3"#) && line.contains(#""ipCategory":5"#) && line.contains(#""kind":3"#))
        #expect(try WireJSONDecoder().decode(Activity.self, from: Array(line.utf8)) == full)
    }

    @Test("the cursor after an activity is its Unix time and sequence")
    func cursor() {
        #expect(ActivityFilterOptions.cursor(after: full) == "1789372272:1290")
        #expect(ActivityFilterOptions.isCursor("1789372272:1290") && ActivityFilterOptions.isCursor("-1:0"))
        #expect(
            !ActivityFilterOptions.isCursor("1789372272:") && !ActivityFilterOptions.isCursor("+1:2")
                && !ActivityFilterOptions.isCursor("1:2:3"))
    }

    @Test("names print for every value; a value without one prints the fallback")
    func names() {
        #expect(MessageNames.activityCategory.name(of: .userManagement) == "user-management")
        #expect(MessageNames.activityCategory.name(of: .unspecified) == "unspecified")
        #expect(MessageNames.ipCategory.name(of: .none) == "none")
        #expect(MessageNames.rangeCategory.name(of: .none) == "none")
        #expect(MessageNames.actorKind.name(of: .slack) == "slack")
        #expect(MessageNames.feedFormat.name(of: .azure) == "azure")
        #expect(MessageNames.activityCategory.names.count == 18)
    }
}
