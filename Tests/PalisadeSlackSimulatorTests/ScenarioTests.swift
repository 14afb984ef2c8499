import Foundation
import Testing

@testable import PalisadeSlackSimulator

/// Scenarios shared by the scenario tests (generated once per test process).
enum ScenarioFixtures {
    static let end: Int64 = 1_789_372_931
    static let configuration = ScenarioConfiguration(seed: 42, users: 120, workspaces: 3, end: end, days: 7, entries: 20_000)
    static let standard = Scenario.generate(configuration)
    static let small = Scenario.generate(ScenarioConfiguration(seed: 9, users: 60, workspaces: 2, end: end, days: 3, entries: 2_000))

    /// Parses one entry's JSON into a dictionary (nil if it is not a JSON object).
    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}

@Suite("Scenario generation")
struct ScenarioTests {
    @Test func sameConfigurationGivesIdenticalEntries() {
        let again = Scenario.generate(ScenarioFixtures.configuration)
        #expect(again.entries == ScenarioFixtures.standard.entries)
        #expect(again.labels == ScenarioFixtures.standard.labels)
        #expect(again.organization == ScenarioFixtures.standard.organization)
        #expect(again.labelsDocument() == ScenarioFixtures.standard.labelsDocument())
    }

    @Test func differentSeedsDiffer() {
        var other = ScenarioFixtures.configuration
        other.seed = 43
        let scenario = Scenario.generate(other)
        #expect(scenario.entries.count == ScenarioFixtures.standard.entries.count)
        #expect(Set(scenario.entries.map(\.id)).isDisjoint(with: ScenarioFixtures.standard.entries.map(\.id)))
        #expect(scenario.organization.id != ScenarioFixtures.standard.organization.id)
    }

    @Test(arguments: [0, 1, 17, 300, 2_000, 20_001])
    func producesExactlyTheRequestedCount(_ count: Int) {
        for incidents in [true, false] {
            let scenario = Scenario.generate(
                ScenarioConfiguration(
                    seed: 5, users: 40, workspaces: 2,
                    end: ScenarioFixtures.end, days: 2, entries: count, incidents: incidents))
            #expect(scenario.entries.count == count)
            if !incidents { #expect(scenario.labels.isEmpty) }
        }
    }

    @Test func entriesAreSortedOldestFirst() {
        let entries = ScenarioFixtures.standard.entries
        for i in entries.indices.dropFirst() {
            #expect(!SimEntry.isOlder(entries[i], than: entries[i - 1]), "entry \(i) is out of order")
        }
    }

    @Test func idsAreUniqueAndUUIDv4Shaped() {
        let entries = ScenarioFixtures.standard.entries
        #expect(Set(entries.map(\.id)).count == entries.count)
        let hex = Set("0123456789abcdef")
        for entry in entries.prefix(2_000) {
            let parts = entry.id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
            let allHex = parts.joined().allSatisfy { hex.contains($0) }
            #expect(allHex)
            #expect(parts[2].first == "4")
            let hasRFC4122Variant = parts[3].first.map { "89ab".contains($0) }
            #expect(hasRFC4122Variant == true)
        }
    }

    @Test func everyEntryIsInsideThePeriod() {
        let configuration = ScenarioFixtures.standard.configuration
        #expect(configuration.start == ScenarioFixtures.end - 7 * 86_400 + 1)
        for entry in ScenarioFixtures.standard.entries {
            #expect(entry.dateCreate >= configuration.start && entry.dateCreate <= configuration.end)
        }
    }

    @Test func activityFollowsTheWorkingWeek() throws {
        // Share of people's entries on local weekdays between 07:00 and 20:00 should dominate.
        let scenario = ScenarioFixtures.standard
        let offsets = Dictionary(
            scenario.organization.users.map { ($0.id, scenario.organization.sites[$0.site].utcOffset) },
            uniquingKeysWith: { a, _ in a })
        var working = 0, total = 0
        for entry in scenario.entries where entry.action != "anomaly" {
            guard let offset = offsets[entry.actorID], scenario.organization.users.first(where: { $0.id == entry.actorID })?.role != .bot
            else { continue }
            let local = entry.dateCreate + Int64(offset)
            let hour = (local % 86_400) / 3_600
            let weekday = (local / 86_400 + 4) % 7
            total += 1
            if weekday != 0, weekday != 6, (7..<20).contains(hour) { working += 1 }
        }
        #expect(total > 10_000)
        #expect(Double(working) / Double(total) > 0.75)
    }

    @Test func organisationHasOwnersAdminsAppsAndBots() {
        let org = ScenarioFixtures.standard.organization
        #expect(org.people == 120)
        let ownerCount = org.users.filter { $0.role == .owner }.count
        #expect((1...2).contains(ownerCount))
        let adminCount = org.users.filter { $0.role == .admin }.count
        #expect(adminCount >= 2)
        #expect(org.workspaces.count == 3)
        let workspaceIDsPrefixed = org.workspaces.allSatisfy { $0.id.hasPrefix("T") }
        #expect(org.id.hasPrefix("E") && workspaceIDsPrefixed)
        let userIDsPrefixed = org.users.allSatisfy { $0.id.hasPrefix("W") }
        let appIDsPrefixed = org.apps.allSatisfy { $0.id.hasPrefix("A") }
        #expect(userIDsPrefixed && appIDsPrefixed)
        let bots = org.users.filter { $0.role == .bot }
        #expect(!bots.isEmpty)
        for bot in bots {
            #expect(bot.email.hasPrefix("botuser-T") && bot.email.hasSuffix("@slack-bots.com"))
            #expect(bot.email.contains(bot.appID ?? "missing"))
        }
        let peopleCountries = Set(org.users.prefix(org.people).map { org.sites[$0.site].country })
        #expect(peopleCountries.count >= 5)
    }

    @Test func liveSourceIsDeterministicAndDatedAsAsked() throws {
        let org = ScenarioFixtures.standard.organization
        var a = LiveEntrySource(organization: org, seed: 42)
        var b = LiveEntrySource(organization: org, seed: 42)
        var ids = Set(ScenarioFixtures.standard.entries.map(\.id))
        for step in 0..<500 {
            let date = ScenarioFixtures.end + Int64(step * 7)
            let x = a.next(at: date), y = b.next(at: date)
            #expect(x == y)
            #expect(x.dateCreate == date)
            #expect(ids.insert(x.id).inserted)
            let object = try #require(ScenarioFixtures.object(x.json))
            #expect(object["action"] as? String == x.action)
        }
    }
}
