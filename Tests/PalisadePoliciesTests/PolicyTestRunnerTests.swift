import Foundation
import PalisadeMessages
import PalisadePolicies
import Testing

/// Tests inside policy files: the format (`entries` or `entry`, YAML or JSON entries, `findings`),
/// what the runner reports for a passing and a failing case, and each refusal located.
@Suite("Tests in policy files")
struct PolicyTestRunnerTests {
    /// A policy with a case of each kind: a YAML entry, a JSON entry, two entries, a nameless one.
    static let policy = """
        name: Admin granted
        severity: high
        title: "{actor.email} made {entity.email} an admin in {orgID}"
        match: { action: role_change_to_admin }
        tests:
          - name: an owner makes a member an admin
            entry:
              id: e-1
              date_create: 1789372540
              action: role_change_to_admin
              actor: {type: user, user: {id: W0OWNER001, email: priya@contoso.com}}
              entity: {type: user, user: {id: W0BEN0002, email: ben@contoso.com}}
              context: {location: {type: enterprise, id: E0CONTOSO1}}
            findings: 1
          - name: JSON, in a workspace, twice
            entries:
              - {"id": "e-2", "date_create": 1789372541, "action": "role_change_to_admin", "context": {"location": {"type": "workspace", "id": "T0SALES001"}}}
              - {"id": "e-3", "date_create": 1789372542, "action": "role_change_to_admin"}
            findings: 2
          - entry: {id: e-4, date_create: 1789372543, action: user_logout}
            findings: 0
        """

    @Test("every case passes; the org id comes from an enterprise location, else the fixed test org")
    func passing() throws {
        let policy = try ActivityPolicy.parse(Self.policy, file: "admin.yaml")
        #expect(policy.tests.map(\.name) == ["an owner makes a member an admin", "JSON, in a workspace, twice", "case 3"])
        #expect(policy.tests.map(\.findings) == [1, 2, 0])
        #expect(policy.tests.map(\.line) == [6, 15, 20])
        let results = PolicyTestRunner().run(policy)
        #expect(results.map(\.passed) == [true, true, true])
        #expect(results[0].titles == ["priya@contoso.com made ben@contoso.com an admin in E0CONTOSO1"])
        #expect(results[0].detail == "1 finding, as expected: \"priya@contoso.com made ben@contoso.com an admin in E0CONTOSO1\"")
        #expect(results[1].titles == ["(none) made (none) an admin in E0POLICYTEST", "(none) made (none) an admin in E0POLICYTEST"])
        #expect(results[2].detail == "no findings, as expected")
    }

    @Test("an entry reads the same written as YAML or as JSON: numbers, flags, null and quoted text")
    func entryValues() throws {
        let text = """
            name: x
            severity: low
            title: "{raw.n} {raw.f} {raw.q} {raw.z}"
            match: { raw.f: true }
            tests:
              - entry: {id: a, date_create: 1789372540, n: -2.5e3, f: true, q: "42", z: null, list: [1, two]}
                findings: 1
            """
        let policy = try ActivityPolicy.parse(text, file: "x.yaml")
        let entry = String(decoding: try #require(policy.tests.first?.entries.first), as: UTF8.self)
        #expect(entry == #"{"id":"a","date_create":1789372540,"n":-2.5e3,"f":true,"q":"42","z":null,"list":[1,"two"]}"#)
        #expect(PolicyTestRunner().run(policy).first?.titles == ["-2500 true 42 (none)"])
    }

    @Test("a failing case says what it expected and what it got, with the titles")
    func failing() throws {
        var policy = try ActivityPolicy.parse(Self.policy, file: "admin.yaml")
        policy.tests[0].findings = 0
        policy.tests[2].findings = 3
        let results = PolicyTestRunner().run(policy)
        #expect(results.map(\.passed) == [false, true, false])
        #expect(results[0].detail == "expected 0 findings, got 1: \"priya@contoso.com made ben@contoso.com an admin in E0CONTOSO1\"")
        #expect(results[2].detail == "expected 3 findings, got 0")
    }

    @Test("a case over more findings than the detail quotes sums up the rest")
    func manyTitles() {
        let result = PolicyTestResult(policy: "p", name: "c", expected: 0, titles: ["a", "b", "c", "d", "e"])
        #expect(result.detail == "expected 0 findings, got 5: \"a\"; \"b\"; \"c\"; and 2 more")
    }

    @Test("a disabled policy's tests still run; threshold windows do not carry from one case to the next")
    func freshEvaluatorPerCase() throws {
        let text = """
            name: Bursts
            severity: low
            enabled: false
            title: burst
            match: { action: file_downloaded }
            threshold: { count: 2, within: 10m }
            tests:
              - entry: {id: a, date_create: 1789372540, action: file_downloaded, actor: {type: user, user: {id: W1}}}
                findings: 0
              - entry: {id: b, date_create: 1789372541, action: file_downloaded, actor: {type: user, user: {id: W1}}}
                findings: 0
            """
        let results = PolicyTestRunner().run(try ActivityPolicy.parse(text, file: "b.yaml"))
        #expect(results.map(\.passed) == [true, true])
    }

    @Test("an entry that could not be read fails its case without running it")
    func unreadableEntry() throws {
        var policy = try ActivityPolicy.parse(Self.policy, file: "admin.yaml")
        policy.tests[1].entries[1] = Array(#"{"date_create": 1}"#.utf8)
        let result = PolicyTestRunner().run(policy)[1]
        #expect(!result.passed)
        #expect(result.detail == #"not run: entry 2: missing "id""#)
    }

    func refusal(_ text: String) -> PolicyError? {
        PalisadePoliciesTests.refusal { () throws(PolicyError) in _ = try ActivityPolicy.parse(text, file: "t.yaml") }
    }

    static let head = "name: x\nseverity: low\ntitle: x\nmatch: {action: x}\n"

    @Test(
        "each malformed test is refused where it is, naming the case",
        arguments: [
            ("tests: {name: a}\n", 5, "tests", "takes a list of cases"),
            (
                "tests:\n  - {name: a, entry: {id: a, date_create: 1}, findings: 0, expect: 1}\n", 6, "tests[0].expect",
                "not a test case key"
            ),
            ("tests:\n  - {name: a, findings: 0}\n", 6, "tests[0]", "test \"a\": `entries` (or `entry`) is missing"),
            ("tests:\n  - {entry: {id: a, date_create: 1}}\n", 6, "tests[0]", "test \"case 1\": `findings` is missing"),
            ("tests:\n  - {entry: {id: a, date_create: 1}, findings: -1}\n", 6, "tests[0].findings", "0, 1, 2"),
            ("tests:\n  - {entry: {id: a, date_create: 1}, findings: \"1\"}\n", 6, "tests[0].findings", "0, 1, 2"),
            ("tests:\n  - {entries: [], findings: 0}\n", 6, "tests[0].entries", "a list of one or more entries"),
            (
                "tests:\n  - {entry: {id: a, date_create: 1}, entries: [{id: b, date_create: 1}], findings: 0}\n", 6, "tests[0].entries",
                "not both"
            ),
            ("tests:\n  - {entry: [id, a], findings: 0}\n", 6, "tests[0].entry", "an entry is a mapping"),
            (
                "tests:\n  - name: ok\n    entry: {id: a, date_create: 1}\n    findings: 0\n  - name: bad date\n    entries:\n"
                    + "      - {id: b, date_create: 1}\n      - {id: c, date_create: yesterday}\n    findings: 0\n",
                12, "tests[1].entries[1]",
                "test \"bad date\": entry 2 is not one Slack could send (\"date_create\" is not an integer)"
            ),
            ("tests:\n  - {entry: {date_create: 1}, findings: 0}\n", 6, "tests[0].entry", "(missing \"id\")"),
        ])
    func malformed(_ text: String, line: Int, path: String, message: String) throws {
        try expectRefused(refusal(Self.head + text), line: line, path: path, message: message)
    }

    @Test("aliases cannot make a few lines of tests into gigabytes")
    func aliasBomb() throws {
        // Each entry holds its predecessor's list twice: entry 30 alone would be 2^30 values.
        var text = Self.head + "tests:\n  - {entry: {id: c0, date_create: 1, l: &b0 [1, 2]}, findings: 0}\n"
        for level in 1...30 {
            text += "  - {entry: {id: c\(level), date_create: 1, l: &b\(level) [*b\(level - 1), *b\(level - 1)]}, findings: 0}\n"
        }
        let error = try #require(refusal(text))
        #expect(error.message.contains("tests hold at most 200000 values"), "\(error)")
        #expect(error.path.hasPrefix("tests["), "\(error)")
    }
}
