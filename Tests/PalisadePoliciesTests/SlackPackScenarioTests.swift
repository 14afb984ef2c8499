import Foundation
import PalisadeMessages
import PalisadeNormaliser
import PalisadePolicies
import PalisadeSlackSimulator
import Testing

/// The whole Slack pack over a simulated week of a 300-person org (60,000 entries): the
/// `mass_download` incident is found and nobody else's downloads are, and routine sign-outs raise
/// nothing. Findings per policy on this scenario (seed 11; policies/slack/README.md keeps the
/// table, 479 in all): public links 371, retention 21, Slack Connect settings 18, admin 16,
/// changed-client anomalies 11, demotions 8, app installs 7, scope expansions 7, 2FA 7, session
/// settings 6, mass download 1 (one burst), data-misuse anomalies 4, suspicious-access anomalies
/// 2, every other policy 0.
@Suite("The Slack pack over a simulated week")
struct SlackPackScenarioTests {
    static let scenario = Scenario.generate(
        ScenarioConfiguration(seed: 11, users: 300, workspaces: 4, end: 1_789_400_000, days: 7, entries: 60_000))

    /// Every entry normalised and run through the whole pack: the matches, and the activities.
    static func evaluate() throws -> (matches: [PolicyMatch], activities: [Activity]) {
        var policies = try SlackPack.policies()
        for index in policies.indices { policies[index].enabled = true }
        var evaluator = PolicyEvaluator(policies: policies)
        let normaliser = EntryNormaliser()
        var matches: [PolicyMatch] = []
        var activities: [Activity] = []
        activities.reserveCapacity(scenario.entries.count)
        for (index, entry) in scenario.entries.enumerated() {
            var activity = try normaliser.normalise(entry.json, orgID: scenario.organization.id).activity
            activity.sequence = UInt64(index + 1)
            activity.ingested = activity.time
            matches += evaluator.evaluate(activity)
            activities.append(activity)
        }
        let disabled = evaluator.statusList.filter { !$0.status.isEnabled }.map(\.policy)
        #expect(disabled.isEmpty)
        return (matches, activities)
    }

    @Test("the mass_download incident makes the mass-download finding, and only it; user_logout never matches")
    func week() throws {
        let (matches, activities) = try Self.evaluate()
        let labels = Self.scenario.labels.filter { $0.kind == "mass_download" }
        let label = try #require(labels.first)
        let massDownloads = matches.filter { $0.policy == "Slack: mass file download" }
        #expect(!massDownloads.isEmpty)
        let incident = Set(label.entryIDs)
        for match in massDownloads {
            #expect(match.groupKey == label.userIDs.first, "\(match.title)")
            let outside = match.evidence.filter { !incident.contains($0.entryID) }
            #expect(outside.isEmpty, "\(match.title)")
        }
        let logouts = Set(activities.filter { $0.action == "user_logout" }.map(\.entryID))
        #expect(logouts.count > 100)
        let matchedLogouts = matches.flatMap(\.evidence).filter { logouts.contains($0.entryID) }
        #expect(matchedLogouts.isEmpty)
        let counts = Dictionary(grouping: matches, by: \.policy).mapValues(\.count)
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        if ProcessInfo.processInfo.environment["PALISADE_PACK_COUNTS"] != nil { print(summary) }
    }
}
