import Foundation
import PalisadeMessages
import PalisadeNormaliser
import PalisadeSlackSimulator
import Testing

/// Every kind of entry the Slack simulator writes, plain and in its quirk form, normalises as
/// `Protocol/activity.md` says: the quirk form gives the same activity apart from `raw`, bots are
/// bots, apps and Slackbot acting for a person are impersonation.
@Suite("Normalising the simulator's entries")
struct NormaliserScenarioTests {
    static let scenario = Scenario.generate(
        ScenarioConfiguration(seed: 7, users: 120, workspaces: 3, end: 1_789_400_000, days: 7, entries: 20_000))

    @Test func everyEntryNormalisesAndTheQuirkFormAgrees() throws {
        let normaliser = EntryNormaliser()
        let organization = Self.scenario.organization
        let bots = Set(organization.users.filter { $0.appID != nil }.map(\.id))
        var quirks = 0
        var seen: [String: Int] = [:]
        for entry in Self.scenario.entries {
            let activity = try normaliser.normalise(entry.json, orgID: organization.id).activity
            #expect(activity.entryID == entry.id && activity.action == entry.action)
            #expect(activity.time == Date(timeIntervalSince1970: TimeInterval(entry.dateCreate)))
            #expect(activity.actor?.id == entry.actorID)
            #expect(!activity.unknownAction, "\(entry.action) is not in the shipped catalogue")
            #expect(activity.category != .unspecified)
            #expect(!activity.ip.isEmpty && activity.place != nil)
            if bots.contains(entry.actorID) {
                #expect(activity.actor?.kind == .bot && activity.actingApp?.botScopes.isEmpty == false && !activity.impersonated)
                #expect(activity.sessionID.isEmpty)
                seen["bot", default: 0] += 1
            } else if activity.actingApp != nil {
                #expect(activity.actor?.kind == .user && activity.impersonated)
                seen["app for a user", default: 0] += 1
            } else if activity.actingAgent == "Slackbot" {
                #expect(activity.impersonated && activity.agentMessage?.channelID.isEmpty == false)
                seen["Slackbot", default: 0] += 1
            } else {
                #expect(!activity.impersonated)
            }
            guard let quirkJSON = entry.quirkJSON else { continue }
            quirks += 1
            var quirk = try normaliser.normalise(quirkJSON, orgID: organization.id).activity
            quirk.raw = activity.raw
            #expect(quirk == activity, "the quirk form of \(entry.id) (\(entry.action)) normalises differently")
        }
        #expect(quirks > 100)
        #expect(seen["bot", default: 0] > 0 && seen["app for a user", default: 0] > 0 && seen["Slackbot", default: 0] > 0, "\(seen)")
    }

    @Test func anomalyReasonsAndUserListsBecomeArrays() throws {
        let normaliser = EntryNormaliser()
        var rewritten = 0
        for entry in Self.scenario.entries {
            guard let quirkJSON = entry.quirkJSON else { continue }
            let details = try normaliser.normalise(quirkJSON, orgID: "E1").activity.details
            guard details.contains("\"reason\"") || details.contains("_users\"") else { continue }
            #expect(!details.contains("\"reason\":\"") || entry.action != "anomaly")
            #expect(!details.contains("_users\":\"["))
            rewritten += 1
        }
        #expect(rewritten > 0)
    }
}
