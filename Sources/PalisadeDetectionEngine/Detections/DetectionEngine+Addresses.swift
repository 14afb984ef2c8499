import Foundation
import PalisadeMessages

// Anonymous and suspicious addresses (defender.md §2.4, §2.5): the address's catalogue category
// and tags, this organisation's own use of it (prevalence), and password sprays seen from it.
extension DetectionEngine {
    /// How many of the organisation's people have used the activity's address successfully.
    func addressUsers(_ facts: ActivityFacts) -> Int {
        state.addresses[DetectionState.key(facts.activity.orgID, facts.activity.ip)]?.users.count ?? 0
    }

    /// Whether enough of the organisation's people use the address for it to be theirs.
    func prevalent(_ facts: ActivityFacts) -> Bool {
        addressUsers(facts) >= settings.prevalentAddressUsers
    }

    /// Successful interactive activity from a Tor exit or an anonymous proxy.
    func detectAnonymous(_ facts: ActivityFacts, into drafts: inout [FindingDraft]) {
        guard facts.interactive, let tag = facts.anonymousTag, !prevalent(facts), let user = facts.user else { return }
        let tor = tag.lowercased() == "tor"
        let kind = tor ? "a Tor exit node" : "an anonymising address (\(Phrase.clip(tag, 40)))"
        drafts.append(
            draft(
                .anonymousIP, facts,
                title: tor ? "Activity from a Tor exit node" : "Activity from an anonymous proxy",
                explanation:
                    "\(facts.who) \(action(facts)) from \(facts.activity.ip), \(kind)\(located(facts)), at \(Phrase.moment(facts.time)).",
                baseline: [BaselineFact(name: "addressUsers", value: "\(addressUsers(facts))")],
                dedupeKey: "\(user.id) \(facts.activity.ip) \(facts.day)"))
    }

    /// Successful activity from a risky address (botnet, C&C…) or a password-spray source, unless
    /// the organisation's own people use it.
    func detectSuspicious(_ facts: ActivityFacts, into drafts: inout [FindingDraft]) {
        guard !facts.failed, let user = facts.user, !facts.activity.ip.isEmpty else { return }
        let use = state.addresses[DetectionState.key(facts.activity.orgID, facts.activity.ip)]
        let sprayed = (use?.suspectUntil ?? .min) >= facts.time
        let risky = facts.activity.ipCategory == .risky && facts.anonymousTag == nil
        guard sprayed || risky, !prevalent(facts) else { return }
        let tags = Phrase.clip(facts.activity.ipTags.joined(separator: ", "), 80)
        let why =
            sprayed
            ? "an address that failed sign-ins for several users in a password spray"
            : "an address the IP catalogue lists as risky (\(tags.isEmpty ? "no tag" : tags))"
        drafts.append(
            draft(
                .suspiciousIP, facts,
                title: sprayed ? "Activity from a password-spray address" : "Activity from a suspicious IP address",
                explanation:
                    "\(facts.who) \(action(facts)) from \(facts.activity.ip)\(located(facts)), \(why), at \(Phrase.moment(facts.time)).",
                baseline: [BaselineFact(name: "source", value: sprayed ? "password spray" : "catalogue")],
                dedupeKey: "\(user.id) \(facts.activity.ip) \(facts.day)"))
    }

    /// Counts failed sign-ins per address; failures for `sprayUsers` different users within the
    /// window are one spray (a finding of its own, about the address, unless the organisation's
    /// own people use it) and mark the address as a spray source for a week.
    mutating func detectSpray(_ facts: ActivityFacts, into drafts: inout [FindingDraft]) {
        guard facts.failed, let user = facts.user, !facts.activity.ip.isEmpty else { return }
        let key = DetectionState.key(facts.activity.orgID, facts.activity.ip)
        var use = state.addresses.removeValue(forKey: key) ?? AddressUse()
        use.last = max(use.last, facts.time)
        use.failed.insertInOrder(facts.mark(user.id))
        use.failed.keep(since: facts.time - Int64(settings.sprayWindowSeconds), limit: 1_000)
        let targets = Set(use.failed.map(\.key))
        if targets.count >= settings.sprayUsers {
            use.suspectUntil = max(use.suspectUntil, facts.time + 7 * 86_400)
            if facts.time > use.sprayUntil, settings.suspiciousIP.enabled, use.users.count < settings.prevalentAddressUsers,
                let first = use.failed.first
            {
                var spray = draft(
                    .suspiciousIP, facts, title: "Password spray from \(facts.activity.ip)",
                    explanation:
                        "Failed sign-ins for \(targets.count) different users came from \(facts.activity.ip)\(located(facts)) within \(Phrase.duration(facts.time - first.time)), the last at \(Phrase.moment(facts.time)).",
                    evidence: use.failed.map { evidence($0, action: facts.activity.action) },
                    baseline: [BaselineFact(name: "users", value: "\(targets.count)")],
                    dedupeKey: "spray \(facts.activity.ip) \(first.entryID)")
                spray.user = FindingUser()
                drafts.append(spray)
            }
            use.sprayUntil = facts.time + Int64(settings.sprayWindowSeconds)
        }
        state.addresses[key] = use
        state.touch(.address, key)
    }

    /// A mark as evidence of `action` (the mark's key when nil).
    func evidence(_ mark: Mark, action: String? = nil) -> FindingEvidence {
        FindingEvidence(
            sequence: mark.sequence, entryID: mark.entryID, time: Date(timeIntervalSince1970: TimeInterval(mark.time)),
            action: action ?? mark.key)
    }

    /// " (São Paulo, Brazil)" when the activity is located, else "".
    func located(_ facts: ActivityFacts) -> String {
        guard let location = facts.activity.location, location.country != nil || location.city != nil else { return "" }
        return " (\(Phrase.place(city: location.city ?? "", country: location.country ?? "")))"
    }

    /// What the user did, for a sentence: "signed in", "failed to sign in", or the action's name.
    func action(_ facts: ActivityFacts) -> String {
        switch facts.activity.category {
        case .login: "signed in"
        case .failedLogin: "failed to sign in"
        default: "did \(Phrase.clip(facts.activity.action, 60))"
        }
    }
}
