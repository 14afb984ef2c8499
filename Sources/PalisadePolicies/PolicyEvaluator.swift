import Foundation
import PalisadeMessages

/// What a policy found: the activities that make it (one, or the threshold's count within its
/// window), ready to become a `Finding`.
public struct PolicyMatch: Sendable, Equatable {
    /// The policy's name.
    public var policy: String
    /// The policy's severity.
    public var severity: Severity
    /// The title, filled in from the activity that completed the match.
    public var title: String
    /// The threshold's group key value (e.g. the actor's id); nil for a policy on every match.
    public var groupKey: String?
    /// The activities, oldest first: all of them up to 100, else the first and last 50.
    public var evidence: [FindingEvidence]
    /// How many activities the match counted (more than `evidence` holds when over 100).
    public var count: Int
    /// What makes two matches the same one: the entry id for every match; the group key and the
    /// first counted entry's id for a threshold.
    public var dedupeKey: String
    /// The governance actions the policy requests.
    public var actions: [GovernanceAction]
}

/// Runs policies over activities in the order detection reads them, keeping each threshold's
/// windows in memory: the evaluator of `palisade detect`, and the rules the service's persistent
/// one follows.
///
/// A threshold counts an activity under its group key's values (joined when several; an activity
/// without a value for the key is not counted) at the activity's own time. When the count within
/// the window reaches the policy's, the match is reported and that key starts counting afresh,
/// so one burst is one match. Keys idle for longer than their window are forgotten.
public struct PolicyEvaluator: Sendable {
    private var policies: [ActivityPolicy]
    private var windows: [[String: [Counted]]]
    private var latest = Date(timeIntervalSince1970: 0)
    private var sinceSweep = 0

    private struct Counted: Sendable {
        var time: Date
        var evidence: FindingEvidence
    }

    /// How many activities pass between sweeps of idle keys.
    static let sweepEvery = 10_000

    /// An evaluator of the enabled `policies`.
    public init(policies: [ActivityPolicy]) {
        self.policies = policies.filter(\.enabled)
        windows = Array(repeating: [:], count: self.policies.count)
    }

    /// The matches `activity` completes, in the policies' order.
    public mutating func evaluate(_ activity: Activity) -> [PolicyMatch] {
        var subject = PolicySubject(activity)
        latest = max(latest, activity.time)
        var matches: [PolicyMatch] = []
        for index in policies.indices where policies[index].filter.matches(&subject) {
            let policy = policies[index]
            let evidence = FindingEvidence(
                sequence: activity.sequence, entryID: activity.entryID, time: activity.time, action: activity.action)
            guard let threshold = policy.threshold else {
                matches.append(match(policy, [evidence], key: nil, dedupeKey: activity.entryID, subject: &subject))
                continue
            }
            let keyValues = threshold.groupBy.values(in: &subject)
            guard !keyValues.isEmpty else { continue }
            let key = keyValues.map(\.description).joined(separator: ", ")
            var counted = windows[index][key, default: []]
            let position = counted.firstIndex { $0.time > activity.time } ?? counted.endIndex
            counted.insert(Counted(time: activity.time, evidence: evidence), at: position)
            let window = TimeInterval(threshold.seconds)
            // Older than the window before this activity: nothing counted later can reach it
            // (`latest` is never before this activity, so it needs no second test).
            counted.removeAll { $0.time < activity.time.addingTimeInterval(-window) }
            if let run = Self.run(in: counted, count: threshold.count, window: window) {
                let evidence = counted[run].map(\.evidence)
                let dedupeKey = "\(key) \(evidence[0].entryID)"
                matches.append(match(policy, evidence, key: key, dedupeKey: dedupeKey, subject: &subject))
                counted.removeSubrange(...run.upperBound)
            }
            windows[index][key] = counted.isEmpty ? nil : counted
        }
        sinceSweep += 1
        if sinceSweep >= Self.sweepEvery { sweep() }
        return matches
    }

    /// The first `count` consecutive entries (sorted by time) that fit in `window` seconds.
    private static func run(in counted: [Counted], count: Int, window: TimeInterval) -> ClosedRange<Int>? {
        guard counted.count >= count else { return nil }
        for start in 0...(counted.count - count) {
            let end = start + count - 1
            if counted[end].time.timeIntervalSince(counted[start].time) <= window { return start...end }
        }
        return nil
    }

    private func match(
        _ policy: ActivityPolicy, _ evidence: [FindingEvidence], key: String?, dedupeKey: String, subject: inout PolicySubject
    ) -> PolicyMatch {
        let kept = evidence.count > 100 ? Array(evidence.prefix(50) + evidence.suffix(50)) : evidence
        return PolicyMatch(
            policy: policy.name, severity: policy.severity, title: policy.title.render(&subject), groupKey: key, evidence: kept,
            count: evidence.count, dedupeKey: dedupeKey, actions: policy.actions)
    }

    /// Forgets the keys whose newest activity is older than their window behind the newest seen.
    private mutating func sweep() {
        sinceSweep = 0
        for index in windows.indices {
            guard let threshold = policies[index].threshold else { continue }
            let horizon = latest.addingTimeInterval(-TimeInterval(threshold.seconds))
            windows[index] = windows[index].filter { ($0.value.last?.time ?? horizon) >= horizon }
        }
    }

    /// Keys held across all thresholds (for tests and metrics).
    public var heldKeys: Int { windows.reduce(0) { $0 + $1.count } }
}
