import Foundation
import PalisadeMessages
import PalisadePolicies

/// The detections and the custom policies over a stream of activities, in the order ingestion
/// numbered them: the one evaluator of the detection service and of `palisade detect`.
///
/// Each activity is first judged against what was learned before it, then taught. Everything the
/// findings depend on is in `state` (and the policies' windows) and is derived from activity
/// times, never the clock, so the same activities give the same findings, with the same ids.
public struct DetectionEngine: Sendable {
    /// The detections' settings.
    public let settings: DetectionSettings
    /// What has been learned; the service persists its changes.
    public var state: DetectionState
    /// The custom policies.
    var policies: PolicyEvaluator
    /// What the identity provider says of accounts, by lower-cased e-mail.
    var accounts: [String: AccountStatus] = [:]
    /// `settings.anonymousTags`, lower-cased.
    let anonymousTags: Set<String>
    /// The newest activity time seen.
    var latest: Int64 = .min
    /// Activities since the last forgetting of idle records.
    var sinceForget = 0

    /// Activities between sweeps of idle records.
    static let forgetEvery = 100_000
    /// Addresses, apps and places idle this long are forgotten.
    static let recordIdleSeconds: Int64 = 30 * 86_400
    /// Users idle this long are forgotten (their learning starts again when they return).
    static let userIdleSeconds: Int64 = 180 * 86_400

    /// An engine with `settings`, the enabled `policies` (each disabled past `dailyLimit` matches
    /// in a day) and the state learned so far.
    public init(
        settings: DetectionSettings = DetectionSettings(), policies: [ActivityPolicy] = [],
        dailyLimit: Int = PolicyEvaluator.defaultDailyLimit, state: DetectionState = DetectionState()
    ) {
        self.settings = settings
        self.state = state
        self.policies = PolicyEvaluator(policies: policies, dailyLimit: dailyLimit)
        anonymousTags = Set(settings.anonymousTags.map { $0.lowercased() })
    }

    /// The custom policies' evaluator: its statuses, and its state to save and load.
    public var policyEvaluator: PolicyEvaluator {
        get { policies }
        set { policies = newValue }
    }

    /// Tells the terminated-user detection what the identity provider says of `email`.
    public mutating func setAccountStatus(_ status: AccountStatus, email: String) {
        accounts[email.lowercased()] = status
    }

    /// The e-mail addresses of the users in `activities` (for the service to ask the identity
    /// provider about before processing them).
    public static func emails(in activities: [Activity]) -> Set<String> {
        var emails = Set<String>()
        for activity in activities {
            if let actor = activity.actor, actor.kind == .user, !actor.email.isEmpty { emails.insert(actor.email.lowercased()) }
        }
        return emails
    }

    /// The findings `activity` completes, found at `detected`.
    public mutating func process(_ activity: Activity, detected: Date = Date()) -> [Finding] {
        let facts = ActivityFacts(activity, anonymousTags: anonymousTags)
        var drafts: [FindingDraft] = []
        latest = max(latest, facts.time)
        if state.orgs[activity.orgID] == nil {
            state.orgs[activity.orgID] = OrgBaseline(firstSeen: facts.time)
            state.touch(.org, activity.orgID)
        }
        noteDeactivation(facts)
        detectSpray(facts, into: &drafts)
        if let key = facts.userKey {
            var baseline = state.users.removeValue(forKey: key) ?? UserBaseline(firstSeen: facts.time)
            judge(facts, baseline: &baseline, into: &drafts)
            learn(facts, baseline: &baseline)
            state.users[key] = baseline
            state.touch(.user, key)
        }
        learnOrganisation(facts)
        for match in policies.evaluate(activity) {
            drafts.append(draft(for: match, facts: facts))
        }
        sinceForget += 1
        if sinceForget >= Self.forgetEvery {
            sinceForget = 0
            state.forget(before: latest - Self.recordIdleSeconds, usersBefore: latest - Self.userIdleSeconds)
        }
        return drafts.map { $0.finding(detected: detected) }
    }

    /// Runs the user's detections, in a fixed order, against the baseline before this activity.
    private func judge(_ facts: ActivityFacts, baseline: inout UserBaseline, into drafts: inout [FindingDraft]) {
        let learning = facts.time < baseline.firstSeen + Int64(settings.learningDays) * 86_400
        if watches(.terminatedUser, facts) { detectTerminated(facts, baseline: baseline, into: &drafts) }
        if watches(.anonymousIP, facts) { detectAnonymous(facts, into: &drafts) }
        if watches(.suspiciousIP, facts) { detectSuspicious(facts, into: &drafts) }
        if !learning && watches(.infrequentCountry, facts) { detectInfrequentCountry(facts, baseline: baseline, into: &drafts) }
        if !learning && watches(.impossibleTravel, facts) { detectTravel(facts, baseline: baseline, into: &drafts) }
        countFailures(facts, baseline: &baseline, report: !learning && watches(.failedLogins, facts), into: &drafts)
        countAdmin(facts, baseline: &baseline, report: !learning && watches(.unusualAdmin, facts), into: &drafts)
        if !learning && watches(.unusualImpersonation, facts) { detectImpersonation(facts, baseline: baseline, into: &drafts) }
    }

    /// Whether `detector` is on and its scope includes the activity's user.
    func watches(_ detector: Detector, _ facts: ActivityFacts) -> Bool {
        let options = settings.options(detector)
        return options.enabled && options.scope.watches(email: facts.email)
    }

    /// A draft of `detector` about the activity's user, with the detector's severity and actions.
    func draft(
        _ detector: Detector, _ facts: ActivityFacts, title: String, explanation: String, evidence: [FindingEvidence]? = nil,
        baseline: [BaselineFact] = [], dedupeKey: String
    ) -> FindingDraft {
        let options = settings.options(detector)
        return FindingDraft(
            detector: detector, severity: options.severity, orgID: facts.activity.orgID, user: facts.user ?? FindingUser(),
            time: facts.activity.time, title: title, explanation: explanation, evidence: evidence ?? [facts.evidence],
            baseline: baseline, actions: options.actions, dedupeKey: dedupeKey)
    }

    /// A policy's match as a draft.
    private func draft(for match: PolicyMatch, facts: ActivityFacts) -> FindingDraft {
        let explanation: String
        if match.count > 1, let first = match.evidence.first, let last = match.evidence.last {
            let span = Int64(last.time.timeIntervalSince(first.time))
            explanation =
                "\(match.count) activities matched the policy “\(match.policy)” for \(Phrase.clip(match.groupKey ?? "", 80)) within \(Phrase.duration(span)), the last at \(Phrase.moment(facts.time))."
        } else {
            explanation =
                "\(facts.who) \(facts.activity.action) at \(Phrase.moment(facts.time)), which the policy “\(match.policy)” watches."
        }
        return FindingDraft(
            policy: match.policy, severity: match.severity, orgID: facts.activity.orgID, user: facts.user ?? FindingUser(),
            time: facts.activity.time, title: match.title, explanation: explanation, evidence: match.evidence,
            baseline: match.count > match.evidence.count ? [BaselineFact(name: "matched", value: "\(match.count)")] : [],
            actions: match.actions, dedupeKey: match.dedupeKey)
    }
}

/// What the identity provider says of an account, for the terminated-user detection.
public struct AccountStatus: Sendable, Hashable {
    /// Disabled or deleted (`UserState.DISABLED`, `DELETED`).
    public var terminated: Bool
    /// Since when, in Unix seconds, when the provider says (a deletion date); nil: unknown.
    public var since: Int64?
    /// Which provider said so, for explanations ("Entra ID").
    public var provider: String

    /// A status.
    public init(terminated: Bool, since: Int64? = nil, provider: String = "the identity provider") {
        self.terminated = terminated
        self.since = since
        self.provider = provider
    }
}
