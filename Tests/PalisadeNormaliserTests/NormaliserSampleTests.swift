import Foundation
import PalisadeJSON
import PalisadeMessages
import PalisadeNormaliser
import Testing

/// The 13 sample entries of slack-api.md §5 (`Tests/Fixtures/slack-api-section5.json`, a page as
/// `GET /audit/v1/logs` returns it), each with what `Protocol/activity.md` says its activity holds.
@Suite("Normalising slack-api.md §5")
struct NormaliserSampleTests {
    /// What one sample must give: category, administrative, actor kind, impersonated, session id,
    /// entity type and id.
    struct Expected: Sendable, CustomStringConvertible {
        let id: String
        let category: ActivityCategory
        let administrative: Bool
        let kind: ActivityActorKind
        let impersonated: Bool
        let session: String
        let entity: String
        var description: String { id }
    }

    static let expectations: [Expected] = [
        .init(
            id: "816a7d26", category: .anomaly, administrative: false, kind: .user, impersonated: false, session: "913888259765",
            entity: "user W0ANA0001"),
        .init(
            id: "5d923405", category: .login, administrative: false, kind: .user, impersonated: false, session: "913888259765",
            entity: "user W0ANA0001"),
        .init(
            id: "a507a2cb", category: .failedLogin, administrative: false, kind: .user, impersonated: false, session: "",
            entity: "user W0ANA0001"),
        .init(
            id: "66835a2f", category: .role, administrative: true, kind: .user, impersonated: false, session: "781230045512",
            entity: "user W0BEN0002"),
        .init(
            id: "d8b09cae", category: .file, administrative: false, kind: .user, impersonated: false, session: "1656410836837",
            entity: "file F07QPRICING"),
        .init(
            id: "3169beda", category: .file, administrative: false, kind: .user, impersonated: false, session: "1656410836837",
            entity: "file F07QPRICING"),
        .init(
            id: "37f68681", category: .app, administrative: false, kind: .user, impersonated: false, session: "1656410836837",
            entity: "app A07EXPORTR"),
        .init(
            id: "6a6f7d63", category: .channel, administrative: false, kind: .user, impersonated: false, session: "1656410836837",
            entity: "channel C07DEALROOM"),
        .init(
            id: "264f7abc", category: .channel, administrative: false, kind: .bot, impersonated: false, session: "",
            entity: "channel C07SPUN001"),
        .init(
            id: "8ad09ecd", category: .adminSetting, administrative: true, kind: .user, impersonated: false, session: "781230045512",
            entity: "enterprise E0CONTOSO1"),
        .init(
            id: "6b8cd0ce", category: .logout, administrative: true, kind: .user, impersonated: false, session: "781230045512",
            entity: "user W0ANA0001"),
        .init(
            id: "0369dea2", category: .userManagement, administrative: true, kind: .user, impersonated: false, session: "781230045512",
            entity: "user W0LEO0004"),
        .init(
            id: "adadb5cb", category: .file, administrative: false, kind: .user, impersonated: true, session: "913888259765",
            entity: "canvas F07CANVAS01"),
    ]

    /// Each entry's bytes, cut from the page exactly as Slack would send them.
    static func entries() throws -> [[UInt8]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/slack-api-section5.json")
        let page = try [UInt8](Data(contentsOf: url))
        guard case .array(let entries)? = try JSONElement.parse(page)["entries"]?.value else { return [] }
        return entries.map { Array(page[$0.range]) }
    }

    @Test func everySampleGivesItsActivity() throws {
        let entries = try Self.entries()
        #expect(entries.count == Self.expectations.count)
        for (raw, expected) in zip(entries, Self.expectations) {
            let activity = try EntryNormaliser().normalise(raw, orgID: "E0CONTOSO1").activity
            #expect(activity.entryID.hasPrefix(expected.id), "\(expected)")
            #expect(activity.category == expected.category, "\(expected)")
            #expect(activity.administrative == expected.administrative, "\(expected)")
            #expect(activity.actor?.kind == expected.kind, "\(expected)")
            #expect(activity.impersonated == expected.impersonated, "\(expected)")
            #expect(activity.sessionID == expected.session, "\(expected)")
            #expect("\(activity.entity?.type ?? "") \(activity.entity?.id ?? "")" == expected.entity, "\(expected)")
            #expect(!activity.unknownAction && activity.raw == Data(raw))
        }
    }

    @Test func theCanvasHasNoNameButATitleAndTheAppItsFlags() throws {
        let entries = try Self.entries()
        let canvas = try EntryNormaliser().normalise(entries[12], orgID: "E1").activity
        #expect(canvas.entity?.title == "Q3 account plan" && canvas.entity?.fileType == "quip" && canvas.entity?.name == "")
        #expect(canvas.actingAgent == "Slackbot" && canvas.agentMessage?.threadTS == "1789369402.812309" && canvas.userAgent == "")
        let app = try EntryNormaliser().normalise(entries[6], orgID: "E1").activity
        #expect(app.entity?.distributed == true && app.entity?.directoryApproved == false && app.entity?.scopes.count == 4)
        #expect(app.details.hasPrefix("{\"granular_bot_token\": true"))
        let anomaly = try EntryNormaliser().normalise(entries[0], orgID: "E1").activity
        #expect(anomaly.details.contains("\"reason\": [\"ip_address\", \"asn\"]"), "an array reason stays as sent")
    }
}
