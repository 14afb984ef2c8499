import PalisadeMessages

// Unusual administrative and impersonated activity (defender.md §2.8–2.9), and what every
// activity teaches the baselines.
extension DetectionEngine {
    /// Counts the user's administrative actions; a burst (more than both the minimum and three
    /// times the user's busiest window) or several actions new to them within the window is one
    /// finding per burst.
    func countAdmin(_ facts: ActivityFacts, baseline: inout UserBaseline, report: Bool, into drafts: inout [FindingDraft]) {
        guard facts.activity.administrative, !facts.failed, let user = facts.user else { return }
        let window = Int64(settings.adminWindowSeconds)
        let new = baseline.adminActions.find(facts.activity.action) == nil
        guard case .counted(let count) = baseline.admin.count(facts.mark(facts.activity.action, new: new), window: window) else {
            return
        }
        let marks = baseline.admin.marks
        let peak = baseline.admin.peak
        let newActions = Set(marks.filter(\.new).map(\.key))
        let burst = count >= max(settings.adminBurstMinimum, 3 * Int(peak))
        guard report, burst || newActions.count >= settings.adminNewActions, let first = marks.first else { return }
        baseline.admin.report(at: facts.time, window: window)
        let why =
            burst
            ? "their busiest hour before had \(peak)"
            : "\(newActions.count) of them they had never performed (\(Phrase.clip(newActions.sorted().joined(separator: ", "), 120)))"
        drafts.append(
            draft(
                .unusualAdmin, facts, title: "Unusual administrative activity by \(Phrase.clip(facts.who, 80))",
                explanation:
                    "\(facts.who) made \(count) administrative changes within \(Phrase.duration(facts.time - first.time)), the last at \(Phrase.moment(facts.time)); \(why).",
                evidence: marks.map { evidence($0) },
                baseline: [
                    BaselineFact(name: "adminPeak", value: "\(peak)"),
                    BaselineFact(name: "adminActionsKnown", value: "\(baseline.adminActions.items.count)"),
                ],
                dedupeKey: "\(user.id) \(first.entryID)"))
    }

    /// An app or agent acting for the user for the first time, while not established in the
    /// organisation (acting for a few users for longer than the learning period).
    func detectImpersonation(_ facts: ActivityFacts, baseline: UserBaseline, into drafts: inout [FindingDraft]) {
        guard let acting = facts.actingFor, let user = facts.user, !facts.failed, baseline.actingFor.find(acting) == nil else {
            return
        }
        let use = state.apps[DetectionState.key(facts.activity.orgID, acting)]
        let learning = Int64(settings.learningDays) * 86_400
        if let use, use.first < facts.time - learning, use.users.count >= settings.establishedAppUsers { return }
        let name = facts.activity.actingApp.map { $0.name.isEmpty ? $0.id : "\($0.name) (\($0.id))" } ?? acting
        let history =
            use.map {
                "it first acted in the organisation \(Phrase.duration(facts.time - $0.first)) earlier, for \($0.users.count) user\($0.users.count == 1 ? "" : "s") so far"
            } ?? "it had never acted in the organisation"
        drafts.append(
            draft(
                .unusualImpersonation, facts, title: "\(Phrase.clip(name, 80)) acted for \(Phrase.clip(facts.who, 80)) for the first time",
                explanation:
                    "\(Phrase.clip(name, 80)) did \(Phrase.clip(facts.activity.action, 60)) for \(facts.who) at \(Phrase.moment(facts.time)) from \(facts.activity.ip.isEmpty ? "no address" : facts.activity.ip); it had never acted for them, and \(history).",
                baseline: [BaselineFact(name: "actingForUser", value: "\(baseline.actingFor.items.count)")],
                dedupeKey: "\(user.id) \(acting)"))
    }

    /// Teaches the user's baseline. Failed and non-interactive activity teaches no place, nor does
    /// an address that says nothing of where the person is (cloud provider, VPN, anonymiser).
    func learn(_ facts: ActivityFacts, baseline: inout UserBaseline) {
        let time = facts.time
        baseline.firstSeen = min(baseline.firstSeen, time)
        baseline.lastSeen = max(baseline.lastSeen, time)
        let hour = Int((time % 86_400 + 86_400) % 86_400 / 3_600)
        baseline.hours[hour] &+= 1
        let activity = facts.activity
        if !activity.userAgent.isEmpty { baseline.userAgents.record(Phrase.clip(activity.userAgent, 300), at: time, capacity: 32) }
        if activity.administrative && !facts.failed { baseline.adminActions.record(activity.action, at: time, capacity: 128) }
        if let acting = facts.actingFor, !facts.failed { baseline.actingFor.record(acting, at: time, capacity: 64) }
        guard facts.interactive else { return }
        if !activity.ip.isEmpty { baseline.addresses.record(activity.ip, at: time, capacity: 64) }
        if physical(facts), let country = activity.location?.country, !country.isEmpty {
            baseline.countries.record(country.uppercased(), at: time, capacity: 32)
            if let city = activity.location?.city, !city.isEmpty {
                baseline.cities.record("\(country.uppercased())/\(city)", at: time, capacity: 64)
            }
        }
        if let place = facts.place(settings: settings), place.time >= (baseline.lastPlace?.time ?? .min) { baseline.lastPlace = place }
    }

    /// Teaches the organisation's records: who uses each address, country and app. A record's
    /// `last` moves only by whole hours (it only decides when an idle record is forgotten), so an
    /// address seen again within the hour by someone already counted is not rewritten at the
    /// next commit: most activities come from addresses, countries and apps already known.
    mutating func learnOrganisation(_ facts: ActivityFacts) {
        guard let user = facts.user, !facts.failed else { return }
        let org = facts.activity.orgID
        if !facts.activity.ip.isEmpty {
            let key = DetectionState.key(org, facts.activity.ip)
            var use = state.addresses.removeValue(forKey: key) ?? AddressUse()
            var changed = Self.advance(&use.last, to: facts.time)
            if !use.users.contains(user.id), use.users.count < settings.prevalentAddressUsers {
                use.users.append(user.id)
                changed = true
            }
            state.addresses[key] = use
            if changed { state.touch(.address, key) }
        }
        if facts.interactive, physical(facts), let country = facts.activity.location?.country, !country.isEmpty {
            let key = DetectionState.key(org, country.uppercased())
            var use = state.places.removeValue(forKey: key) ?? PlaceUse()
            var changed = Self.advance(&use.last, to: facts.time)
            if !use.users.contains(user.id), use.users.count < 10 {
                use.users.append(user.id)
                changed = true
            }
            state.places[key] = use
            if changed { state.touch(.place, key) }
        }
        if let acting = facts.actingFor {
            let key = DetectionState.key(org, acting)
            let known = state.apps[key] != nil
            var use = state.apps.removeValue(forKey: key) ?? AppUse(first: facts.time)
            var changed = !known || Self.advance(&use.last, to: facts.time) || facts.time < use.first
            use.first = min(use.first, facts.time)
            if !use.users.contains(user.id), use.users.count < max(settings.establishedAppUsers, 1) {
                use.users.append(user.id)
                changed = true
            }
            state.apps[key] = use
            if changed { state.touch(.app, key) }
        }
    }

    /// Moves `last` to `time` when that is an hour or more later; whether it moved.
    static func advance(_ last: inout Int64, to time: Int64) -> Bool {
        guard last == .min || time >= last + 3_600 else { return false }
        last = time
        return true
    }
}
