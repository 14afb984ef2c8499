import PalisadeMessages

// Infrequent country and impossible travel (defender.md §2.2–2.3, geoip.md §4): both judge
// successful interactive activity against the user's places, and neither reads addresses that
// say nothing of where a person is (cloud providers, the VPN, anonymisers).
extension DetectionEngine {
    /// Whether the activity's address says where the person is.
    func physical(_ facts: ActivityFacts) -> Bool {
        facts.anonymousTag == nil && facts.activity.ipCategory != .cloudProvider && facts.activity.ipCategory != .vpn
    }

    /// Activity from a country the user has not used within the lookback.
    func detectInfrequentCountry(_ facts: ActivityFacts, baseline: UserBaseline, into drafts: inout [FindingDraft]) {
        guard facts.interactive, physical(facts), facts.activity.ipCategory != .corporate, let user = facts.user,
            let country = facts.activity.location?.country, !country.isEmpty, !baseline.countries.items.isEmpty
        else { return }
        let since = facts.time - Int64(settings.countryLookbackDays) * 86_400
        guard !baseline.countries.seen(country, since: since) else { return }
        let known = baseline.countries.items.filter { $0.last >= since }.sorted { $0.last > $1.last }
        let list = known.prefix(5).map { "\(Countries.name($0.key)) (last \(Phrase.day($0.last)))" }.joined(separator: ", ")
        drafts.append(
            draft(
                .infrequentCountry, facts, title: "Activity from \(Countries.name(country)), new for this user",
                explanation:
                    "\(facts.who) \(action(facts)) from \(Phrase.place(city: facts.activity.location?.city ?? "", country: country)) at \(Phrase.moment(facts.time)); in the last \(settings.countryLookbackDays) days they had been active only from \(list.isEmpty ? "no known country" : list).",
                baseline: [BaselineFact(name: "countries", value: list)],
                dedupeKey: "\(user.id) \(country.uppercased()) \(facts.day)"))
    }

    /// Two places too far apart for the time between them.
    func detectTravel(_ facts: ActivityFacts, baseline: UserBaseline, into drafts: inout [FindingDraft]) {
        guard facts.interactive, physical(facts), let user = facts.user, let here = facts.place(settings: settings),
            let there = baseline.lastPlace, !there.anonymous,
            there.ipCategory != IPCategory.cloudProvider.rawValue, there.ipCategory != IPCategory.vpn.rawValue
        else { return }
        // System layer: the same or bordering countries never alert.
        if !here.country.isEmpty, !there.country.isEmpty, Countries.sameOrBordering(here.country, there.country) { return }
        // Both sides on corporate networks are trusted unless sensitivity is high.
        let corporate = IPCategory.corporate.rawValue
        if settings.travelSensitivity != .high, here.ipCategory == corporate, there.ipCategory == corporate { return }
        // User layer (low, medium): a country the user often uses (on two days or more).
        if settings.travelSensitivity != .high, let seen = baseline.countries.find(here.country), seen.days >= 2 { return }
        // Tenant layer (low): a country many of the organisation's people use.
        if settings.travelSensitivity == .low,
            let use = state.places[DetectionState.key(facts.activity.orgID, here.country)], use.users.count >= 5
        {
            return
        }
        let distance = GeoDistance.km(there.latitude, there.longitude, here.latitude, here.longitude)
        let effective = max(0, distance - there.radiusKm - here.radiusKm)
        let seconds = max(abs(here.time - there.time), 60)
        let speed = effective / Double(seconds) * 3_600
        guard speed > settings.travelSpeedKmh, effective > settings.travelMinimumKm else { return }
        let (from, to) = here.time >= there.time ? (there, here) : (here, there)
        let pair = [from.country, to.country].map { $0.uppercased() }.sorted().joined(separator: "-")
        let never = baseline.countries.find(to.country) == nil ? ", and they had never been active from \(Countries.name(to.country))" : ""
        drafts.append(
            draft(
                .impossibleTravel, facts,
                title: "Impossible travel: \(Countries.name(from.country)) to \(Countries.name(to.country)) in \(Phrase.duration(seconds))",
                explanation:
                    "\(facts.who) was active from \(Phrase.place(city: to.city, country: to.country)) \(Phrase.duration(to.time - from.time)) after \(Phrase.place(city: from.city, country: from.country)), \(Phrase.number(distance)) km apart: \(Phrase.number(speed)) km/h\(never).",
                evidence: [placeEvidence(from), placeEvidence(to)],
                baseline: [
                    BaselineFact(name: "distanceKm", value: Phrase.number(distance)),
                    BaselineFact(name: "effectiveKm", value: Phrase.number(effective)),
                    BaselineFact(name: "speedKmh", value: Phrase.number(speed)),
                    BaselineFact(name: "sensitivity", value: settings.travelSensitivity.rawValue),
                ],
                dedupeKey: "\(user.id) \(pair) \(Phrase.day(to.time))"))
    }

    /// A place's activity as evidence.
    private func placeEvidence(_ place: Place) -> FindingEvidence {
        evidence(Mark(time: place.time, key: place.action, sequence: place.sequence, entryID: place.entryID))
    }
}
