import Foundation
import PalisadeMessages
import PalisadePolicies
import Testing

/// The filter language on activities: each test, text without regard to case, several values,
/// absent values, `fields` maps, raw paths and how `all`, `any` and `not` combine.
@Suite("Policy filters on activities")
struct PolicyFilterTests {
    static let activity: Activity = {
        var activity = Activity(
            sequence: 9, orgID: "E0CONTOSO1", entryID: "e9", time: Date(timeIntervalSince1970: 1_789_373_460),
            action: "role_change_to_admin",
            category: .role, administrative: true)
        activity.actor = ActivityActor(
            kind: .user, type: "user", id: "W0ANA0001", name: "Ana Ruiz", email: "Ana@Acme.test", fields: ["tier": "gold"])
        activity.entity = ActivityEntity(type: "user", id: "W0BEN0002", email: "ben@acme.test", scopes: ["files:read", "chat:write"])
        activity.ip = "203.0.113.7"
        activity.ipCategory = .vpn
        activity.ipTags = ["Frankfurt office", "Tor"]
        activity.location = ActivityLocation(country: "DE", city: "Berlin", latitude: 52.52, longitude: 13.4, accuracyRadiusKm: 20)
        activity.raw = Data(#"{"id":"e9","details":{"reason":"manual","count":"3","targets":[{"id":"U1"},{"id":"U2"}]}}"#.utf8)
        return activity
    }()

    func matches(_ text: String) throws -> Bool {
        var subject = PolicySubject(Self.activity)
        return try PolicyFilter.parse(text, file: "t.yaml").matches(&subject)
    }

    @Test(
        "each test holds where it should",
        arguments: [
            "action: role_change_to_admin", "action: ROLE_CHANGE_TO_ADMIN", "action: [user_login, role_change_to_admin]",
            "action: { in: [user_login, role_change_to_admin] }", "actor.email: { equals: ana@acme.test }",
            "actor.email: { suffix: \"@acme.test\" }", "actor.name: { prefix: [bob, ana] }", "actor.name: { contains: RUIZ }",
            "ip: { cidr: 203.0.113.0/24 }", "ip: { cidr: [10.0.0.0/8, 203.0.113.0/28] }", "actor.email: { exists: true }",
            "actingApp.id: { exists: false }", "category: role", "ipCategory: vpn", "administrative: true", "ipTags: tor",
            "entity.scopes: chat:write", "location.accuracyRadiusKm: { lt: 50 }", "location.latitude: { gte: 52.52 }",
            "time: { gt: 2026-09-14T08:00:00Z }", "time: { lte: \"2026-09-14T08:11:00Z\" }", "actor.fields.tier: gold",
            "raw.details.reason: manual", "raw.details.count: { gt: 2 }", "raw.details.count: 3", "raw.details.targets.id: U2",
            "raw.details.missing: { exists: false }", "{\"actor.email\": {\"suffix\": \"@acme.test\"}}",
        ])
    func holds(_ filter: String) throws {
        #expect(try matches(filter))
    }

    @Test(
        "and does not hold where it should not",
        arguments: [
            "action: user_login", "action: [user_login, user_logout]", "actor.email: { suffix: \"@other.test\" }",
            "ip: { cidr: 10.0.0.0/8 }", "actingApp.id: { exists: true }", "category: login", "administrative: false",
            "ipTags: botnet", "location.accuracyRadiusKm: { gt: 20 }", "time: { lt: 2026-09-14T08:00:00Z }",
            "actor.fields.tier: silver", "entity.fields.tier: { exists: true }", "raw.details.reason: automatic",
            "raw.details.count: { gt: 3 }", "administrative: \"true\"", "location.country: DE1",
        ])
    func doesNotHold(_ filter: String) throws {
        #expect(try !matches(filter))
    }

    @Test("all, any and not combine; a mapping of several fields is all of them")
    func combinations() throws {
        #expect(try matches("all: [{action: role_change_to_admin}, {ipCategory: vpn}]"))
        #expect(try !matches("all: [{action: role_change_to_admin}, {ipCategory: corporate}]"))
        #expect(try matches("any: [{action: user_login}, {ipCategory: vpn}]"))
        #expect(try !matches("any: [{action: user_login}, {ipCategory: corporate}]"))
        #expect(try matches("not: {action: user_login}"))
        #expect(try matches("{action: role_change_to_admin, actor.email: {suffix: '@acme.test'}}"))
        #expect(try !matches("{action: role_change_to_admin, actor.email: {suffix: '@other.test'}}"))
        #expect(try matches("all: []"))
        #expect(try !matches("any: []"))
        #expect(try matches("not: {not: {all: [{category: role}, {any: [{ip: {cidr: 203.0.113.0/24}}]}]}}"))
    }

    @Test("an activity without a raw entry, or with one that is not JSON, has no raw fields")
    func rawAbsentOrUnreadable() throws {
        for raw in [Data(), Data("not json".utf8)] {
            var activity = Self.activity
            activity.raw = raw
            var subject = PolicySubject(activity)
            #expect(try !PolicyFilter.parse("raw.id: e9", file: "t").matches(&subject))
            #expect(try PolicyFilter.parse("raw.id: {exists: false}", file: "t").matches(&subject))
        }
    }
}
