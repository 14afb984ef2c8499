import PalisadeMessages

// Terminated users and failed sign-ins (defender.md §2.6–2.7).
extension DetectionEngine {
    /// Slack's own log of deactivations: `user_deactivated` marks the entity's account as ended
    /// from that time, `user_reactivated` clears it. (The identity provider's word comes through
    /// `setAccountStatus`.)
    mutating func noteDeactivation(_ facts: ActivityFacts) {
        let action = facts.activity.action
        guard action == "user_deactivated" || action == "user_reactivated", let entity = facts.activity.entity, !entity.id.isEmpty
        else { return }
        let key = DetectionState.key(facts.activity.orgID, entity.id)
        var baseline = state.users.removeValue(forKey: key) ?? UserBaseline(firstSeen: facts.time)
        baseline.deactivatedAt = action == "user_deactivated" ? facts.time : nil
        state.users[key] = baseline
        state.touch(.user, key)
    }

    /// Activity by a user whose account has ended, by Slack's log or the identity provider.
    func detectTerminated(_ facts: ActivityFacts, baseline: UserBaseline, into drafts: inout [FindingDraft]) {
        guard !facts.failed, let user = facts.user, facts.activity.action != "user_deactivated" else { return }
        var since: Int64?
        var source = ""
        if let at = baseline.deactivatedAt, facts.time >= at {
            (since, source) = (at, "deactivated in Slack")
        }
        if since == nil, let status = accounts[facts.email.lowercased()], status.terminated, facts.time >= (status.since ?? .min) {
            (since, source) = (status.since, "disabled or deleted in \(status.provider)")
        }
        guard source != "" else { return }
        let after =
            since.map { ", \(Phrase.duration(facts.time - $0)) after the account was \(source)" } ?? " although the account is \(source)"
        drafts.append(
            draft(
                .terminatedUser, facts, title: "Activity by deactivated user \(Phrase.clip(facts.who, 80))",
                explanation: "\(facts.who) \(action(facts)) at \(Phrase.moment(facts.time))\(after).",
                baseline: [BaselineFact(name: "terminated", value: since.map(Phrase.moment) ?? source)],
                dedupeKey: "\(user.id) \(facts.day)"))
    }

    /// Counts the user's failed sign-ins; more within the window than both the minimum and the
    /// user's own habit (their peak plus three) is one finding per burst. During learning only the
    /// habit is taught.
    func countFailures(_ facts: ActivityFacts, baseline: inout UserBaseline, report: Bool, into drafts: inout [FindingDraft]) {
        guard facts.failed, let user = facts.user else { return }
        let window = Int64(settings.failedLoginWindowSeconds)
        guard case .counted(let count) = baseline.failures.count(facts.mark(user.id), window: window) else { return }
        let peak = baseline.failures.peak
        guard report, count >= max(settings.failedLoginMinimum, Int(peak) + 3), let first = baseline.failures.marks.first else { return }
        baseline.failures.report(at: facts.time, window: window)
        drafts.append(
            draft(
                .failedLogins, facts, title: "\(count) failed sign-ins for \(Phrase.clip(facts.who, 80))",
                explanation:
                    "\(count) sign-ins failed for \(facts.who) within \(Phrase.duration(facts.time - first.time)), the last from \(facts.activity.ip)\(located(facts)) at \(Phrase.moment(facts.time)); their most before was \(peak) within \(Phrase.duration(window)).",
                evidence: baseline.failures.marks.map { evidence($0, action: facts.activity.action) },
                baseline: [BaselineFact(name: "failurePeak", value: "\(peak)")],
                dedupeKey: "\(user.id) \(first.entryID)"))
    }
}
