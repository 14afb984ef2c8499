import Foundation
import PalisadeMessages
import PalisadeWire

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

/// Runs policies over activities in the order detection reads them: the evaluator of the
/// detection service and of `palisade detect`.
///
/// A threshold counts an activity under its group key's values (joined when several; an activity
/// without a value for the key is not counted) at the activity's own time. When the count within
/// the window reaches the policy's, the match is reported; further matches for that key, each
/// within the window of the one before, belong to the same burst and are not counted again: one
/// burst is one match. Keys idle for longer than their window are forgotten.
///
/// The daily limit: each policy's matching activities are counted per UTC day of their own
/// times; the match that takes a day past `dailyLimit` is not reported and disables the policy
/// (``status(of:)`` says why) until ``enable(_:)`` switches it on again.
///
/// Everything held (windows, day counts, statuses) can be saved as rows (``drainChanges()``
/// gives those changed since the last call) and loaded back (``load(_:)``), which is how the
/// detection service keeps it in the transaction that advances its cursor.
public struct PolicyEvaluator: Sendable {
    private var policies: [ActivityPolicy]
    private var windows: [[String: PolicyWindow]]
    private var latest: Int64 = .min
    private var sinceSweep = 0
    /// Per policy: day counts and the day that disabled it.
    private var days: [PolicyDays]
    /// Records changed since the last drain: (policy index, threshold key or nil for the days).
    private var dirty: Set<DirtyKey> = []
    /// Most matching activities a policy may have in one UTC day.
    public let dailyLimit: Int
    /// Policies (by index) that hold only for some actions, by action (lower-cased).
    private var byAction: [String: [Int]] = [:]
    /// Policies that may hold for any action.
    private var anyAction: [Int] = []

    private struct DirtyKey: Hashable, Sendable {
        let index: Int
        let key: String?
    }

    /// The daily limit detection applies, as Microsoft Defender for Cloud Apps does: a policy
    /// matching more is too broad to be worth its cost, and would flood its readers anyway.
    public static let defaultDailyLimit = 200_000

    /// Days of match counts kept behind the newest activity: a backfill older than this counts
    /// its day afresh, which only ever lets a policy run longer, never stops it early.
    static let daysCounted: Int64 = 7

    /// How many activities pass between sweeps of idle keys.
    static let sweepEvery = 10_000

    /// An evaluator of the enabled `policies`, each disabled once it matches more than
    /// `dailyLimit` activities in one UTC day.
    public init(policies: [ActivityPolicy], dailyLimit: Int = PolicyEvaluator.defaultDailyLimit) {
        self.policies = policies.filter(\.enabled)
        self.dailyLimit = dailyLimit
        windows = Array(repeating: [:], count: self.policies.count)
        days = Array(repeating: PolicyDays(), count: self.policies.count)
        indexActions()
    }

    /// Files each policy under the actions it requires, or among those for any action.
    private mutating func indexActions() {
        byAction = [:]
        anyAction = []
        for (index, policy) in policies.enumerated() {
            guard let actions = policy.filter.requiredActions else {
                anyAction.append(index)
                continue
            }
            for action in actions { byAction[action, default: []].append(index) }
        }
    }

    /// The policies that may hold for `action`, in the policies' order.
    private func candidates(for action: String) -> [Int] {
        // Slack's actions are lower case; only another case costs a lowered copy.
        let key = action.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? action.lowercased() : action
        guard let some = byAction[key] else { return anyAction }
        guard !anyAction.isEmpty else { return some }
        return (some + anyAction).sorted()
    }

    /// The matches `activity` completes, in the policies' order.
    public mutating func evaluate(_ activity: Activity) -> [PolicyMatch] {
        var subject = PolicySubject(activity)
        let time = Int64(activity.time.timeIntervalSince1970.rounded(.down))
        latest = max(latest, time)
        var matches: [PolicyMatch] = []
        for index in candidates(for: activity.action) where days[index].disabledOn == nil && policies[index].filter.matches(&subject) {
            guard countDaily(index, at: time) else { continue }
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
            let window = Int64(threshold.seconds)
            var held = windows[index][key] ?? PolicyWindow()
            dirty.insert(DirtyKey(index: index, key: key))
            if let until = held.burstUntil, time <= until {
                held.burstUntil = max(until, time + window)
                windows[index][key] = held
                continue
            }
            held.burstUntil = nil
            let position = held.counted.firstIndex { $0.time > activity.time } ?? held.counted.endIndex
            held.counted.insert(evidence, at: position)
            // Older than the window before this activity: nothing counted later can reach it.
            held.counted.removeAll { Int64($0.time.timeIntervalSince1970) < time - window }
            if let run = Self.run(in: held.counted, count: threshold.count, window: TimeInterval(window)) {
                let evidence = Array(held.counted[run])
                matches.append(match(policy, evidence, key: key, dedupeKey: "\(key) \(evidence[0].entryID)", subject: &subject))
                held.counted.removeAll()
                held.burstUntil = time + window
            }
            windows[index][key] = held.counted.isEmpty && held.burstUntil == nil ? nil : held
        }
        sinceSweep += 1
        if sinceSweep >= Self.sweepEvery { sweep() }
        return matches
    }

    /// The first `count` consecutive entries (sorted by time) that fit in `window` seconds.
    private static func run(in counted: [FindingEvidence], count: Int, window: TimeInterval) -> ClosedRange<Int>? {
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
    private mutating func countDaily(_ index: Int, at time: Int64) -> Bool {
        let day = Self.day(of: time)
        let count = days[index].count(day) + 1
        dirty.insert(DirtyKey(index: index, key: nil))
        guard count <= Int64(dailyLimit) else {
            days[index] = PolicyDays(counts: [], disabledOn: day)
            forgetWindows(index)
            return false
        }
        days[index].set(day, count)
        return true
    }

    /// Days since 1970 (UTC) of `time` (Unix seconds).
    private static func day(of time: Int64) -> Int64 {
        time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
    }

    /// Forgets the keys whose newest activity is older than their window behind the newest seen,
    /// and the match counts of days long past.
    private mutating func sweep() {
        sinceSweep = 0
        let oldestDay = Self.day(of: latest) - Self.daysCounted
        for index in days.indices where days[index].counts.contains(where: { $0.day < oldestDay }) {
            days[index].counts.removeAll { $0.day < oldestDay }
            dirty.insert(DirtyKey(index: index, key: nil))
        }
        for index in windows.indices {
            guard let threshold = policies[index].threshold else { continue }
            let horizon = latest - Int64(threshold.seconds)
            for (key, window) in windows[index] where window.newest < horizon {
                windows[index][key] = nil
                dirty.insert(DirtyKey(index: index, key: key))
            }
        }
    }

    /// Drops every window of policy `index`, noting each as changed.
    private mutating func forgetWindows(_ index: Int) {
        for key in windows[index].keys { dirty.insert(DirtyKey(index: index, key: key)) }
        windows[index] = [:]
    }

    /// Keys held across all thresholds (for tests and metrics).
    public var heldKeys: Int { windows.reduce(0) { $0 + $1.count } }

    // MARK: Status

    /// The status of the policy named `name`; nil when the evaluator holds none (a policy
    /// switched off in its file is never held).
    public func status(of name: String) -> PolicyStatus? {
        policies.firstIndex { $0.name == name }.map { status(at: $0) }
    }

    /// Every policy held, in order, with its status.
    public var statusList: [(policy: String, status: PolicyStatus)] {
        policies.indices.map { (policies[$0].name, status(at: $0)) }
    }

    /// The status of policy `index`.
    private func status(at index: Int) -> PolicyStatus {
        guard let day = days[index].disabledOn else { return .enabled }
        return .overDailyLimit(day: Date(timeIntervalSince1970: TimeInterval(day) * 86_400), limit: dailyLimit)
    }

    /// Evaluates `policy` again in place of the one with its name (usually the same policy with a
    /// narrower filter): its day counts and threshold windows start afresh, since what it held
    /// from before cannot be joined to what comes after the gap. False when the evaluator holds
    /// no policy of that name.
    @discardableResult
    public mutating func enable(_ policy: ActivityPolicy) -> Bool {
        guard let index = policies.firstIndex(where: { $0.name == policy.name }) else { return false }
        policies[index] = policy
        indexActions()
        forgetWindows(index)
        days[index] = PolicyDays()
        dirty.insert(DirtyKey(index: index, key: nil))
        return true
    }

    /// Evaluates the policy named `name` again as it was; false when none has that name.
    @discardableResult
    public mutating func enable(named name: String) -> Bool {
        guard let policy = policies.first(where: { $0.name == name }) else { return false }
        return enable(policy)
    }

    // MARK: Saving and loading

    /// The records changed since the last call, encoded (nil value: the record was forgotten).
    public mutating func drainChanges() throws(WireError) -> [PolicyStateRow] {
        let encoder = WireEncoder()
        var rows: [PolicyStateRow] = []
        rows.reserveCapacity(dirty.count)
        for changed in dirty {
            let name = policies[changed.index].name
            if let key = changed.key {
                let value = try windows[changed.index][key].map { window throws(WireError) in try encoder.encode(window) }
                rows.append(PolicyStateRow(policy: name, key: key, value: value))
            } else {
                rows.append(PolicyStateRow(policy: name, key: nil, value: try encoder.encode(days[changed.index])))
            }
        }
        dirty.removeAll(keepingCapacity: true)
        return rows
    }

    /// Loads a record written by ``drainChanges()``; a record of a policy this evaluator does not
    /// hold is ignored (the policy was deleted or switched off since).
    public mutating func load(_ row: PolicyStateRow) throws(WireError) {
        guard let index = policies.firstIndex(where: { $0.name == row.policy }), let bytes = row.value else { return }
        let decoder = WireDecoder()
        if let key = row.key {
            let window = try decoder.decode(PolicyWindow.self, from: bytes)
            windows[index][key] = window
            latest = max(latest, window.newest)
        } else {
            days[index] = try decoder.decode(PolicyDays.self, from: bytes)
        }
    }
}
