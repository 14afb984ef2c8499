import Foundation
import PalisadeMessages
import PalisadeNormaliser

/// Runs a policy file's own test cases (`tests:`): each case's entries are normalised as
/// ingestion would normalise them, a fresh evaluator holding only that policy reads them in
/// order, and the findings are counted against the case's `findings`.
///
/// Each case starts from nothing (no threshold window carries over from the case before), and a
/// policy switched off in its file (`enabled: false`) is tested all the same: its tests say what
/// it would do once switched on.
public struct PolicyTestRunner: Sendable {
    /// The organisation an entry is normalised in when its `context.location` is not an
    /// enterprise (`E…`) to take the id from: a workspace's entry does not say which org holds it.
    public static let testOrgID = "E0POLICYTEST"

    private let normaliser: EntryNormaliser

    /// A runner with the normaliser ingestion uses.
    public init(normaliser: EntryNormaliser = EntryNormaliser()) {
        self.normaliser = normaliser
    }

    /// The result of each of `policy`'s cases, in the file's order.
    public func run(_ policy: ActivityPolicy) -> [PolicyTestResult] {
        policy.tests.map { run($0, of: policy) }
    }

    /// The result of `testCase` run against `policy`.
    public func run(_ testCase: PolicyTestCase, of policy: ActivityPolicy) -> PolicyTestResult {
        var result = PolicyTestResult(
            policy: policy.name, name: testCase.name, line: testCase.line, expected: testCase.findings, titles: [])
        var activities: [Activity] = []
        for (index, entry) in testCase.entries.enumerated() {
            do throws(EntryRefusal) {
                activities.append(try activity(entry, sequence: UInt64(index + 1)))
            } catch {
                result.refusal = "entry \(index + 1): \(error.reason)"
                return result
            }
        }
        var subject = policy
        subject.enabled = true
        var evaluator = PolicyEvaluator(policies: [subject])
        for activity in activities {
            result.titles += evaluator.evaluate(activity).map(\.title)
        }
        return result
    }

    /// `entry` as the activity ingestion would store, before enrichment (no location, IP
    /// category or tags: a test entry has no address catalogue to look them up in). Its sequence
    /// is `sequence`, its ingestion time its own time, and its organisation the enterprise of
    /// `context.location`, else ``testOrgID``.
    public func activity(_ entry: [UInt8], sequence: UInt64) throws(EntryRefusal) -> Activity {
        var activity = try normaliser.normalise(entry, orgID: Self.testOrgID).activity
        if let place = activity.place, place.type == "enterprise", !place.id.isEmpty { activity.orgID = place.id }
        activity.sequence = sequence
        activity.ingested = activity.time
        return activity
    }
}
