import Foundation
import PalisadeMessages
import PalisadePolicies
import Testing

/// The daily limit: a policy matching more activities in one UTC day than the evaluator's limit
/// is disabled with a reason, stops being evaluated, and is enabled again on request.
@Suite("The daily limit of a policy's matches")
struct PolicyDailyLimitTests {
    static let logins = try! ActivityPolicy.parse(
        "name: Logins\nseverity: low\ntitle: x\nmatch: {category: failed-login}\n", file: "l.yaml")
    static let other = try! ActivityPolicy.parse("name: Other\nseverity: low\ntitle: x\nmatch: {category: failed-login}\n", file: "o.yaml")

    /// A failed login at `seconds` after 2026-12-07T00:00:00Z.
    static func login(_ sequence: UInt64, at seconds: Int) -> Activity {
        PolicyEvaluatorTests.login(sequence, at: 1_796_601_600 - 1_789_000_000 + seconds)
    }

    @Test("the match past the limit is not reported and disables the policy, saying why; other policies go on")
    func disables() {
        var evaluator = PolicyEvaluator(policies: [Self.logins], dailyLimit: 3)
        let counts = (1...5).map { evaluator.evaluate(Self.login(UInt64($0), at: $0)).count }
        #expect(counts == [1, 1, 1, 0, 0])
        let status = evaluator.status(of: "Logins")
        #expect(status == .overDailyLimit(day: Date(timeIntervalSince1970: 1_796_601_600), limit: 3))
        #expect(status?.isEnabled == false)
        #expect(
            status?.reason
                == "matched more than 3 activities on 2026-12-07 (UTC); disabled to protect the service — narrow its filter and enable it again"
        )
        #expect(
            PolicyStatus.overDailyLimit(day: Date(timeIntervalSince1970: 1_796_601_600), limit: 200_000).reason?.hasPrefix(
                "matched more than 200,000 activities on 2026-12-07 (UTC)") == true)
        #expect(evaluator.status(of: "Nobody") == nil)
    }

    @Test("matches count per UTC day of the activities' own times, and per policy")
    func perDay() {
        var evaluator = PolicyEvaluator(policies: [Self.logins], dailyLimit: 3)
        // Three late on the 7th, three early on the 8th, one backfilled to the 7th: the 7th is over.
        var found = 0
        for (sequence, seconds) in [(1, 86_000), (2, 86_100), (3, 86_200), (4, 86_500), (5, 86_600), (6, 86_700)] {
            found += evaluator.evaluate(Self.login(UInt64(sequence), at: seconds)).count
        }
        #expect(found == 6)
        #expect(evaluator.status(of: "Logins") == .enabled)
        let late = evaluator.evaluate(Self.login(7, at: 100))
        #expect(late.isEmpty)
        #expect(evaluator.status(of: "Logins") == .overDailyLimit(day: Date(timeIntervalSince1970: 1_796_601_600), limit: 3))
    }

    @Test("only the policy over the limit stops; enabling it again starts its count afresh, as given")
    func reenable() throws {
        var evaluator = PolicyEvaluator(policies: [Self.logins, Self.other], dailyLimit: 2)
        var names: [String] = []
        for sequence in 1...3 { names += evaluator.evaluate(Self.login(UInt64(sequence), at: sequence)).map(\.policy) }
        #expect(names == ["Logins", "Other", "Logins", "Other"])
        #expect(evaluator.statusList.map(\.status.isEnabled) == [false, false])
        // Narrowed to nothing that fails a login: enabled, it matches nothing more.
        var narrowed = Self.logins
        narrowed.filter = try PolicyFilter.parse("category: login", file: "n.yaml")
        let enabled = [evaluator.enable(narrowed), evaluator.enable(named: "Other"), evaluator.enable(named: "Nobody")]
        #expect(enabled == [true, true, false])
        #expect(evaluator.status(of: "Logins") == .enabled)
        let after = evaluator.evaluate(Self.login(4, at: 4))
        #expect(after.map(\.policy) == ["Other"])
    }
}
