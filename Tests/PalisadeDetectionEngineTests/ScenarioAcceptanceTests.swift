import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import PalisadeSlackSimulator
import Testing

/// Issue 14's acceptance on a simulated org: a learning week, then a week with every labelled
/// incident; each must be found by its detection, and findings tied to no label stay under one
/// per 1,000 user-days.
@Suite("A simulated fortnight: every incident found, little else")
struct ScenarioAcceptanceTests {
    /// The detection each incident kind must raise.
    static let expected: [String: Detector] = [
        "impossible_travel": .impossibleTravel, "tor_login": .anonymousIP, "anonymous_vpn_login": .anonymousIP,
        "password_spraying": .suspiciousIP, "repeated_failed_logins": .failedLogins, "admin_spree": .unusualAdmin,
        "deprovisioned_user_activity": .terminatedUser, "new_app_acting_for_users": .unusualImpersonation,
    ]

    @Test func everyIncidentFoundLittleElse() throws {
        let users = 1_000
        let days = 16
        let run = try ScenarioActivities(
            ScenarioConfiguration(seed: 14, users: users, workspaces: 4, end: 1_789_400_000, days: days, entries: 280_000, quietDays: 9))
        var engine = DetectionEngine()
        var findings: [Finding] = []
        for activity in run.activities { findings += engine.process(activity) }
        var labelOf: [String: ScenarioLabel] = [:]
        for label in run.scenario.labels { for id in label.entryIDs { labelOf[id] = label } }
        var found: [String: Set<Detector>] = [:]
        var unlabelled: [Detector: Int] = [:]
        for finding in findings {
            let labels = Set(finding.evidence.compactMap { labelOf[$0.entryID]?.kind })
            if labels.isEmpty {
                unlabelled[finding.detector, default: 0] += 1
                print("unlabelled: \(finding.title) — \(finding.explanation) \(finding.evidence.map { "\($0.action)#\($0.sequence)" })")
            }
            for kind in labels { found[kind, default: []].insert(finding.detector) }
        }
        for label in run.scenario.labels {
            let detectors = found[label.kind] ?? []
            print("\(label.kind): \(detectors.map { "\($0)" }.sorted())")
            if let wanted = Self.expected[label.kind] {
                #expect(detectors.contains(wanted), "\(label.kind) (\(label.description)) found by \(detectors)")
            }
        }
        let userDays = Double(users * days)
        let noise = unlabelled.values.reduce(0, +)
        print("findings \(findings.count), unlabelled \(noise) (\(unlabelled)) over \(Int(userDays)) user-days")
        #expect(Double(noise) / userDays * 1_000 < 1)
    }
}
