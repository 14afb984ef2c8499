import Foundation
import PalisadePolicies
import PalisadeSlackCatalogue
import Testing

/// The shipped Slack pack: every file parses, names only real Slack actions, and passes its own
/// tests, each policy with at least one case that must raise a finding and one that must not.
@Suite("The Slack policy pack")
struct SlackPackTests {
    @Test("every policy parses and passes its own test cases")
    func ownTests() throws {
        let policies = try SlackPack.policies()
        #expect(policies.count >= 30, "\(SlackPack.directory)")
        #expect(Set(policies.map(\.name)).count == policies.count, "policy names are unique")
        let runner = PolicyTestRunner()
        for policy in policies {
            let results = runner.run(policy)
            for result in results where !result.passed {
                Issue.record("\(policy.name): \(result.name): \(result.detail)")
            }
            let expected = policy.tests.map(\.findings)
            #expect(expected.contains(where: positive), "\(policy.name) has no positive case")
            #expect(expected.contains(0), "\(policy.name) has no negative case")
        }
    }

    /// Whether a case expects findings.
    private func positive(_ findings: Int) -> Bool { findings > 0 }

    @Test("every action the pack names is one Slack's audit log has")
    func realActions() throws {
        let known = SlackAuditCatalogue.actionNames
        var named: Set<String> = []
        for file in try SlackPack.files() {
            // `action:` values are written `action: name`, `action: [a, b]` or one `- name` a line
            // under `action:`; the tests' entries are checked by the normaliser instead.
            let lines = file.text.components(separatedBy: "\n").prefix { !$0.hasPrefix("tests:") }
            var inList = false
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if let range = trimmed.range(of: "action:") {
                    let value = trimmed[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " []"))
                    inList = value.isEmpty
                    named.formUnion(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                } else if inList, trimmed.hasPrefix("- ") {
                    named.insert(String(trimmed.dropFirst(2)))
                } else {
                    inList = false
                }
            }
        }
        #expect(named.count > 100)
        #expect(named.subtracting(known).isEmpty, "not Slack actions: \(named.subtracting(known).sorted())")
    }
}
