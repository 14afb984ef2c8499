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
///
/// The daily limit: each policy's matching activities are counted per UTC day of their own
/// times; the match that takes a day past `dailyLimit` is not reported and disables the policy
/// (``status(of:)`` says why) until ``enable(_:)`` switches it on again.
public struct PolicyEvaluator: Sendable {
    private var policies: [ActivityPolicy]
    private var windows: [[String: [Counted]]]
    private var latest = Date(timeIntervalSince1970: 0)
    private var sinceSweep = 0
    /// Per policy: whether it is still evaluated.
    private var statuses: [PolicyStatus]
    /// Per policy: matching activities by UTC day (days since 1970).
    private var dailyMatches: [[Int: Int]]
    /// Most matching activities a policy may have in one UTC day.
    public let dailyLimit: Int

    /// The daily limit detection applies, as Microsoft Defender for Cloud Apps does: a policy
    /// matching more is too broad to be worth its cost, and would flood its readers anyway.
    public static let defaultDailyLimit = 200_000

    /// Days of match counts kept behind the newest activity: a backfill older than this counts
    /// its day afresh, which only ever lets a policy run longer, never stops it early.
    static let daysCounted = 7

    private struct Counted: Sendable {
        var time: Date
        var evidence: FindingEvidence
    }

    /// How many activities pass between sweeps of idle keys.
    static let sweepEvery = 10_000

    /// An evaluator of the enabled `policies`, each disabled once it matches more than
    /// `dailyLimit` activities in one UTC day.
    public init(policies: [ActivityPolicy], dailyLimit: Int = PolicyEvaluator.defaultDailyLimit) {
        self.policies = policies.filter(\.enabled)
        self.dailyLimit = dailyLimit
        windows = Array(repeating: [:], count: self.policies.count)
        statuses = Array(repeating: .enabled, count: self.policies.count)
        dailyMatches = Array(repeating: [:], count: self.policies.count)
    }

    /// The matches `activity` completes, in the policies' order.
    public mutating func evaluate(_ activity: Activity) -> [PolicyMatch] {
        var subject = PolicySubject(activity)
        latest = max(latest, activity.time)
        var matches: [PolicyMatch] = []
        for index in policies.indices where statuses[index].isEnabled && policies[index].filter.matches(&subject) {
            guard countDaily(index, at: activity.time) else { continue }
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

    /// Counts a match of policy `index` on the UTC day of `time`; false when it takes the day past
    /// the limit, which disables the policy and drops what it held.
    private mutating func countDaily(_ index: Int, at time: Date) -> Bool {
        let day = Self.day(of: time)
        let count = dailyMatches[index][day, default: 0] + 1
        guard count <= dailyLimit else {
            statuses[index] = .overDailyLimit(day: Date(timeIntervalSince1970: TimeInterval(day) * 86_400), limit: dailyLimit)
            windows[index] = [:]
            dailyMatches[index] = [:]
            return false
        }
        dailyMatches[index][day] = count
        return true
    }

    /// Days since 1970 (UTC) of `time`.
    private static func day(of time: Date) -> Int {
        Int((time.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Forgets the keys whose newest activity is older than their window behind the newest seen,
    /// and the match counts of days long past.
    private mutating func sweep() {
        sinceSweep = 0
        let oldestDay = Self.day(of: latest) - Self.daysCounted
        for index in dailyMatches.indices where !dailyMatches[index].isEmpty {
            dailyMatches[index] = dailyMatches[index].filter { $0.key >= oldestDay }
        }
        for index in windows.indices {
            guard let threshold = policies[index].threshold else { continue }
            let horizon = latest.addingTimeInterval(-TimeInterval(threshold.seconds))
            windows[index] = windows[index].filter { ($0.value.last?.time ?? horizon) >= horizon }
        }
    }

    /// Keys held across all thresholds (for tests and metrics).
    public var heldKeys: Int { windows.reduce(0) { $0 + $1.count } }

    // MARK: Status

    /// The status of the policy named `name`; nil when the evaluator holds none (a policy
    /// switched off in its file is never held).
    public func status(of name: String) -> PolicyStatus? {
        policies.firstIndex { $0.name == name }.map { statuses[$0] }
    }

    /// Every policy held, in order, with its status.
    public var statusList: [(policy: String, status: PolicyStatus)] {
        policies.indices.map { (policies[$0].name, statuses[$0]) }
    }

    /// Evaluates `policy` again in place of the one with its name (usually the same policy with a
    /// narrower filter): its day counts and threshold windows start afresh, since what it held
    /// from before cannot be joined to what comes after the gap. False when the evaluator holds
    /// no policy of that name.
    @discardableResult
    public mutating func enable(_ policy: ActivityPolicy) -> Bool {
        guard let index = policies.firstIndex(where: { $0.name == policy.name }) else { return false }
        policies[index] = policy
        statuses[index] = .enabled
        windows[index] = [:]
        dailyMatches[index] = [:]
        return true
    }

    /// Evaluates the policy named `name` again as it was; false when none has that name.
    @discardableResult
    public mutating func enable(named name: String) -> Bool {
        guard let policy = policies.first(where: { $0.name == name }) else { return false }
        return enable(policy)
    }
}
