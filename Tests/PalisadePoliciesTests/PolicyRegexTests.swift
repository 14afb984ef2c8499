import PalisadePolicies
import Testing

/// `regex` in policy files: compiled when the policy is read, matched on a field's text (ignoring
/// case), and a bad pattern refused with the file, line, column, entry and the character at fault.
@Suite("Policy regex tests")
struct PolicyRegexTests {
    func matches(_ filter: String) throws -> Bool {
        var subject = PolicySubject(PolicyFilterTests.activity)
        return try PolicyFilter.parse(filter, file: "t.yaml").matches(&subject)
    }

    @Test(
        "regex holds on any text field where its pattern matches",
        arguments: [
            #"actor.email: { regex: '^[a-z]+@acme\.test$' }"#, "action: { regex: '^role_change_to_(admin|owner)$' }",
            #"ipTags: { regex: '^t.r$' }"#, #"raw.details.targets.id: { regex: 'u\d' }"#, "entity.scopes: { regex: ':write$' }",
            #"{"actor.name": {"regex": "\\bruiz\\b"}}"#, "actor.fields.tier: { regex: GOLD }",
        ])
    func holds(_ filter: String) throws {
        #expect(try matches(filter))
    }

    @Test(
        "and does not hold where it does not match, or on values that are not text",
        arguments: [
            #"actor.email: { regex: '@acme\.test\.evil$' }"#, "action: { regex: '^admin' }", "ipTags: { regex: '^tor.' }",
            "administrative: { regex: 'true' }", "location.accuracyRadiusKm: { regex: '20' }", "actingApp.id: { regex: '.*' }",
        ])
    func doesNotHold(_ filter: String) throws {
        #expect(try !matches(filter))
    }

    @Test("a policy file with a regex matches, and one whose regex does not match does not")
    func policyFile() throws {
        func policy(_ pattern: String) -> String {
            "name: Admin granted\nseverity: high\ntitle: \"{actor.email}\"\nmatch:\n  all:\n    - action: role_change_to_admin\n"
                + "    - actor.email: { regex: '\(pattern)' }\n"
        }
        var subject = PolicySubject(PolicyFilterTests.activity)
        let hit = try ActivityPolicy.parse(policy(#"^ana@acme\.(test|example)$"#), file: "pack/admin.yaml")
        #expect(hit.filter.matches(&subject))
        let miss = try ActivityPolicy.parse(policy(#"^ben@"#), file: "pack/admin.yaml")
        #expect(!miss.filter.matches(&subject))
    }

    @Test("a bad pattern in a file is refused at its line and column, naming the entry and the character")
    func badPattern() throws {
        let text = "name: x\nseverity: low\ntitle: x\nmatch:\n  any:\n    - action: user_login\n    - actor.email: { regex: '(a)\\1' }\n"
        let refused = refusal { () throws(PolicyError) in _ = try ActivityPolicy.parse(text, file: "pack/bad.yaml") }
        let error = try #require(refused)
        #expect(error.line == 7)
        #expect(error.column == 29)
        #expect(error.path == "match.any[1].actor.email.regex")
        #expect(error.message.hasPrefix("not a supported pattern: at character 4 of the pattern: backreferences"), "\(error)")
        #expect(error.description.hasPrefix("pack/bad.yaml:7:29: match.any[1].actor.email.regex: not a supported pattern"))
    }

    @Test(
        "regex takes one non-empty pattern",
        arguments: [
            ("actor.email: { regex: [a-z] }", "`regex` takes one pattern as text; quote it"),
            ("actor.email: { regex: [a, b] }", "`regex` takes one pattern"), ("actor.email: { regex: '' }", "non-empty pattern"),
            ("actor.email: { regex: 'a{5000}' }", "at most 1000"), ("actor.email: { regex: '(x{100}){101}' }", "too large"),
        ])
    func malformed(_ filter: String, _ message: String) throws {
        let error = refusal { () throws(PolicyError) in _ = try PolicyFilter.parse(filter, file: "t.yaml") }
        try expectRefused(error, line: 1, path: "actor.email.regex", message: message)
    }
}
