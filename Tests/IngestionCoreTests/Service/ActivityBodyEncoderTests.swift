import Foundation
import PalisadeMessages
import PalisadeNormaliser
import PalisadeSlackSimulator
import PalisadeWire
import Testing

@testable import IngestionCore

/// The stored body is written by hand for speed; these hold it to `WireEncoder`'s bytes, so what
/// `Query` and `Subscribe` splice from it is still exactly the encoder's encoding.
@Suite("The stored body equals WireEncoder's encoding")
struct ActivityBodyEncoderTests {
    /// What `WireEncoder` writes for the stored fields (sequence, commit time and raw left out).
    static func expected(_ activity: Activity) throws -> [UInt8] {
        var fields = activity
        fields.sequence = 0
        fields.ingested = Date(timeIntervalSince1970: 0)
        fields.raw = Data()
        return try WireEncoder().encode(fields)
    }

    /// The normaliser tests' scenario: 20,000 entries, every kind the simulator writes.
    static let scenario = Scenario.generate(
        ScenarioConfiguration(seed: 7, users: 120, workspaces: 3, end: 1_789_400_000, days: 7, entries: 20_000))

    @Test func everySimulatorEntryPlainAndQuirky() throws {
        let normaliser = EntryNormaliser()
        let organization = Self.scenario.organization
        let location = ActivityLocation(
            country: "DE", subdivision: "Hesse", city: "Frankfurt am Main", latitude: 50.1109, longitude: 8.68213, accuracyRadiusKm: 20,
            databaseBuilt: Date(timeIntervalSince1970: 1_793_577_600))
        var compared = 0
        for (index, entry) in Self.scenario.entries.enumerated() {
            for json in [entry.json, entry.quirkJSON].compactMap({ $0 }) {
                var activity = try normaliser.normalise(json, orgID: organization.id).activity
                // Vary the enrichment as the catalogue and GeoIP would.
                if index % 3 == 0 { activity.location = location }
                if index % 5 == 0 { (activity.ipCategory, activity.ipTags) = (.vpn, ["Mullvad", "Tor", ""]) }
                let body = ActivityBodyEncoder.body(of: activity)
                let wanted = try Self.expected(activity)
                #expect(body == wanted, "entry \(entry.id) (\(entry.action))")
                compared += 1
            }
        }
        #expect(compared > 20_000)
    }

    @Test func everyFieldPresentDefaultsAndMaps() throws {
        let fields = ["zeta": "1", "": "", "Äpfel": "ü", "alpha": "", "b": "two words"]
        let activity = Activity(
            sequence: 9, orgID: "E1", entryID: "e-1", time: Date(timeIntervalSince1970: 1.000_000_6),
            ingested: Date(timeIntervalSince1970: 5), action: "user_login", category: .anomaly, administrative: true, unknownAction: true,
            actor: ActivityActor(kind: .bot, type: "user", id: "U1", name: "Ann \"Nick\" O'Hara", email: "a@b.c", fields: fields),
            entity: ActivityEntity(
                type: "file", shared: false, orgShared: true, sharedWith: ["", "T1"], scopes: ["a"], botScopes: [""], distributed: false,
                directoryApproved: true, workflowApp: false, fields: ["k": "v"]),
            place: ActivityPlace(), ip: "2001:db8::1", userAgent: "ua", sessionID: "0", impersonated: true,
            actingApp: ActivityApp(id: "A1", scopes: [""], distributed: true, fields: fields), actingAgent: "Slackbot",
            agentMessage: ActivityAgentMessage(),
            location: ActivityLocation(
                country: "", subdivision: "", city: "", latitude: -0.0, longitude: 0, accuracyRadiusKm: 0,
                databaseBuilt: Date(timeIntervalSince1970: 0)),
            ipCategory: .other, ipTags: [""], details: "{\"x\":[1,2]}", raw: Data("{}".utf8))
        let body = ActivityBodyEncoder.body(of: activity)
        #expect(body == (try Self.expected(activity)))

        let before1970 = Activity(orgID: "E1", entryID: "e", time: Date(timeIntervalSince1970: -14_182_940), actor: ActivityActor())
        #expect(ActivityBodyEncoder.body(of: before1970) == (try Self.expected(before1970)))
        #expect(ActivityBodyEncoder.body(of: Activity()) == (try Self.expected(Activity())))
    }

    @Test func aDateOutOfRangeIsLeftToWireEncoder() {
        let activity = Activity(orgID: "E1", time: Date(timeIntervalSince1970: 1e300))
        #expect(ActivityBodyEncoder.body(of: activity) == nil)
        var thrown: (any Error)?
        do { _ = try ActivityRecord(activity, address: nil) } catch { thrown = error }
        #expect(thrown is WireError)
    }
}
