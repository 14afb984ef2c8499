import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Testing

@testable import IngestionCore

@Suite("Query: filters, order, cursor, refusals, plans")
struct QueryTests {
    /// 40 activities: two users, two addresses (one IPv6), logins and downloads, a minute apart.
    static func populate(_ harness: IngestionHarness) async throws {
        var entries: [Data] = []
        for index in 0..<40 {
            let ana = index % 2 == 0
            entries.append(
                IngestionHarness.entry(
                    "q\(index)", at: 1_789_372_000 + Int64(index) * 60, action: index % 4 < 2 ? "user_login" : "file_downloaded",
                    user: ana ? "W0ANA0001" : "W0BEN0002", email: ana ? "ana.ruiz@contoso.com" : "ben.okafor@contoso.com",
                    name: ana ? "Ana Ruiz" : "Ben Okafor", ip: index % 5 == 0 ? "2001:db8::5" : "203.0.113.\(index)"))
        }
        _ = try await harness.ingest([IngestBatch(orgID: "E0CONTOSO1", batchID: 1, entries: entries)])
    }

    @Test func filtersAndOrders() async throws {
        let harness = try IngestionHarness()
        try await Self.populate(harness)
        let ana = try await harness.query(ActivityQuery(users: ["W0ANA0001"]))
        let onlyAna = ana.allSatisfy { $0.actor?.id == "W0ANA0001" }
        let newestFirst = zip(ana, ana.dropFirst()).allSatisfy { $0.time >= $1.time }
        #expect(ana.count == 20 && onlyAna)
        #expect(newestFirst)
        #expect(try await harness.query(ActivityQuery(users: ["BEN.OKAFOR@contoso.com"])).count == 20)
        #expect(try await harness.query(ActivityQuery(users: ["nobody@contoso.com"])).isEmpty)
        #expect(try await harness.query(ActivityQuery(ips: ["2001:db8::/32"])).count == 8)
        #expect(try await harness.query(ActivityQuery(ips: ["203.0.113.3"])).map(\.entryID) == ["q3"])
        #expect(try await harness.query(ActivityQuery(countries: ["jp"])).count == 8)
        #expect(try await harness.query(ActivityQuery(categories: [.file], text: "okafor")).count == 10)
        #expect(try await harness.query(ActivityQuery(users: ["W0ANA0001"], actions: ["user_login"])).count == 10)
        let window = ActivityQuery(from: Date(timeIntervalSince1970: 1_789_372_600), to: Date(timeIntervalSince1970: 1_789_373_200))
        #expect(try await harness.query(window).count == 10)
        #expect(try await harness.query(ActivityQuery(administrative: true)).isEmpty)
        let oldest = try await harness.query(ActivityQuery(order: .oldestFirst, limit: 3))
        #expect(oldest.map(\.entryID) == ["q0", "q1", "q2"])
        await harness.shutdown()
    }

    @Test func aCursorContinuesWhereThePageEnded() async throws {
        let harness = try IngestionHarness()
        try await Self.populate(harness)
        var seen: [String] = []
        var cursor = ""
        while true {
            let page = try await harness.query(ActivityQuery(limit: 7, cursor: cursor))
            seen += page.map(\.entryID)
            guard let last = page.last, page.count == 7 else { break }
            cursor = "\(Int64(last.time.timeIntervalSince1970)):\(last.sequence)"
        }
        let expected = (0..<40).reversed().map { "q\($0)" }
        #expect(seen == expected)
        await harness.shutdown()
    }

    @Test(arguments: [
        (ActivityQuery(ips: ["10.0.0.1/8"]), "ips: \"10.0.0.1/8\" is not an IP address or CIDR block: host bits are set"),
        (ActivityQuery(countries: ["Germany"]), "countries: \"Germany\" is not an ISO 3166-1 alpha-2 code"),
        (ActivityQuery(text: "a"), "text: \"a\" is too short"), (ActivityQuery(cursor: "yesterday"), "cursor: \"yesterday\" is not"),
        (ActivityQuery(from: Date(timeIntervalSince1970: 10), to: Date(timeIntervalSince1970: 5)), "\"to\""),
    ])
    func refusesWhatCannotRun(query: ActivityQuery, message: String) async throws {
        let harness = try IngestionHarness()
        var refused: RPCError?
        do { _ = try await harness.query(query) } catch let error as RPCError { refused = error }
        #expect(refused?.code == .invalidArgument && refused?.message.hasPrefix(message) == true, "\(refused?.message ?? "no error")")
        await harness.shutdown()
    }

    /// `ingestion.md`, "Cost": each filtered shape reads an index, never the whole table.
    @Test func everyFilteredShapeUsesAnIndex() async throws {
        let harness = try IngestionHarness()
        try await Self.populate(harness)
        let day = (from: Date(timeIntervalSince1970: 1_789_372_000), to: Date(timeIntervalSince1970: 1_789_458_400))
        let shapes: [(String, ActivityQuery)] = [
            ("user", ActivityQuery(users: ["W0ANA0001"])), ("user by e-mail", ActivityQuery(users: ["ana.ruiz@contoso.com"])),
            ("user in a day", ActivityQuery(from: day.from, to: day.to, users: ["W0ANA0001"])),
            ("IP", ActivityQuery(ips: ["203.0.113.3"])), ("block over 30 days", ActivityQuery(from: day.from, ips: ["203.0.113.0/24"])),
            ("free text", ActivityQuery(text: "okafor")), ("time range", ActivityQuery(from: day.from, to: day.to)),
            ("time range and country", ActivityQuery(from: day.from, to: day.to, countries: ["DE"], ipTags: ["Tor"])),
            ("everything, newest first", ActivityQuery()),
        ]
        // The keyed shapes search their hour-led index by hour and key, not the whole hour.
        let keys = [
            "user": "actor=?", "user by e-mail": "actor=?", "user in a day": "actor=?", "IP": "ip>?", "block over 30 days": "ip>?",
            "free text": "entity=?",
        ]
        for (name, query) in shapes {
            let plan = try await harness.runtime.store.plan(try ActivityFilter(query))
            let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.contains("USING INDEX") && !$0.contains("USING INTEGER PRIMARY KEY") }
            #expect(scans.isEmpty, "\(name): \(plan)")
            guard let key = keys[name] else { continue }
            let searchesByKey = plan.contains { $0.contains("<expr>=? AND " + key) }
            #expect(searchesByKey, "\(name): \(plan)")
        }
        await harness.shutdown()
    }
}
