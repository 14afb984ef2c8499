import Foundation
import PalisadeMessages
import PalisadePolicies
import Testing

/// Whole policy files: every key read, defaults, the title template, and each refusal located.
@Suite("Policy files")
struct ActivityPolicyTests {
    static let full = """
        name: Admin role granted outside the office
        description: Someone was made an admin from an address that is not the office's.
        severity: high
        title: "{actor.email} made {entity.email} an admin ({ipTags})"
        match:
          all:
            - action: role_change_to_admin
            - not: { ip: { cidr: 10.0.0.0/8 } }
        threshold: { count: 3, within: 10m, by: entity.id }
        actions: [suspend-user, notify_user, suspend-user]
        enabled: false
        """

    @Test("every key is read; actions are deduplicated and ordered weakest first")
    func everyKey() throws {
        let policy = try ActivityPolicy.parse(Self.full, file: "admin.yaml")
        #expect(policy.name == "Admin role granted outside the office")
        #expect(policy.description.hasPrefix("Someone was made an admin"))
        #expect(policy.severity == .high)
        #expect(!policy.enabled)
        #expect(policy.threshold == PolicyThreshold(count: 3, seconds: 600, groupBy: try #require(ActivityField("entity.id"))))
        #expect(policy.actions == [.notifyUser, .suspendUser])
        var subject = PolicySubject(PolicyFilterTests.activity)
        #expect(policy.filter.matches(&subject))
        #expect(policy.title.render(&subject) == "Ana@Acme.test made ben@acme.test an admin (Frankfurt office, Tor)")
    }

    @Test("the smallest policy: every match, enabled, no actions, no description")
    func defaults() throws {
        let policy = try ActivityPolicy.parse(
            #"{"name": "Exports", "severity": "MEDIUM", "title": "Export by {actor.email}", "match": {"category": "export"}}"#,
            file: "exports.json")
        #expect(policy.enabled)
        #expect(policy.threshold == nil)
        #expect(policy.actions.isEmpty)
        #expect(policy.severity == .medium)
        #expect(policy.description.isEmpty)
    }

    @Test("a threshold counts by the actor unless told, and takes minutes, hours or a day")
    func thresholds() throws {
        func threshold(_ text: String) throws -> PolicyThreshold? {
            try ActivityPolicy.parse("name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nthreshold: \(text)\n", file: "t").threshold
        }
        #expect(
            try threshold("{count: 5, within: 90}")
                == PolicyThreshold(count: 5, seconds: 5_400, groupBy: try #require(ActivityField("actor.id"))))
        #expect(try threshold("{count: 2, within: 2h}")?.seconds == 7_200)
        #expect(try threshold("{count: 2, within: 1d}")?.seconds == 86_400)
    }

    @Test("a title writes braces doubled, (none) for an absent field, and refuses what it cannot fill")
    func titles() throws {
        var subject = PolicySubject(PolicyFilterTests.activity)
        #expect(try TitleTemplate("{{literal}} {actingApp.id} {location.country}").render(&subject) == "{literal} (none) DE")
        #expect(throws: TitleTemplate.Problem(message: "no field is named `actr.email`", offset: 4)) {
            try TitleTemplate("Hi, {actr.email}")
        }
        #expect(throws: TitleTemplate.Problem(message: "`{` is never closed; write `{{` for a brace", offset: 3)) {
            try TitleTemplate("ab {c")
        }
        #expect(throws: TitleTemplate.Problem(message: "`}` closes nothing; write `}}` for a brace", offset: 1)) { try TitleTemplate("a}") }
        #expect(throws: TitleTemplate.Problem(message: "`{}` names no field", offset: 0)) { try TitleTemplate("{}") }
    }

    func refusal(_ text: String) -> PolicyError? {
        PalisadePoliciesTests.refusal { () throws(PolicyError) in _ = try ActivityPolicy.parse(text, file: "p.yaml") }
    }

    @Test(
        "each malformed policy is refused where it is",
        arguments: [
            ("name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nowner: me\n", 5, "owner", "not a policy key"),
            ("name: x\nseverity: urgent\ntitle: x\nmatch: {action: x}\n", 2, "severity", "takes one of informational, low, medium, high"),
            (
                "name: x\nseverity: low\ntitle: \"by {actr.id}\"\nmatch: {action: x}\n", 3, "title",
                "no field is named `actr.id` (character 4)"
            ),
            ("name: x\nseverity: low\ntitle: x\n", 1, "", "`match` is missing"),
            ("severity: low\ntitle: x\nmatch: {action: x}\n", 1, "", "`name` is missing"),
            ("name: x\nseverity: low\ntitle: x\nmatch: {actr: x}\n", 4, "match.actr", "no field is named"),
            (
                "name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nthreshold: {count: 1, within: 10m}\n", 5, "threshold.count",
                "from 2 to 10000"
            ),
            (
                "name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nthreshold: {count: 2, within: 3d}\n", 5, "threshold.within",
                "from 1m to 24h"
            ),
            ("name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nthreshold: {count: 2}\n", 5, "threshold", "needs both"),
            (
                "name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nthreshold: {count: 2, within: 5m, by: actr.id}\n", 5, "threshold.by",
                "takes a field name"
            ),
            ("name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nactions: [delete-user]\n", 5, "actions[0]", "takes one of notify-user"),
            ("name: x\nseverity: low\ntitle: x\nmatch: {action: x}\nenabled: sometimes\n", 5, "enabled", "takes true or false"),
            ("name: x\nname: y\nseverity: low\ntitle: x\nmatch: {action: x}\n", 1, "", "a key is given twice: name"),
            ("- name: x\n", 1, "", "a policy is a mapping"),
        ])
    func malformed(_ text: String, line: Int, path: String, message: String) throws {
        try expectRefused(refusal(text), line: line, path: path, message: message)
        #expect(refusal(text)?.file == "p.yaml")
    }
}
