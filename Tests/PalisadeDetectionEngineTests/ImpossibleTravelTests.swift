import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Impossible travel (defender.md §2.2, geoip.md §4): two successful interactive activities of one
/// user, from places farther apart (after both accuracy radii) than the time between them allows.
@Suite("Impossible travel")
struct ImpossibleTravelTests {
    /// Ana learns Berlin for 8 days (days 0–7), then on day 8 signs in from Berlin at 09:00 and
    /// from `there` `minutes` later.
    static func trip(
        to there: Spot, after minutes: Int = 40, from here: Spot = .berlin, _ configure: (inout DetectionSettings) -> Void = { _ in }
    ) -> Story {
        var story = Story(configure)
        story.learn(.ana, .berlin, days: 0..<8)
        story.signIn(.ana, at: Story.at(day: 8), from: here)
        story.signIn(.ana, at: Story.at(day: 8) + Int64(minutes) * 60, from: there)
        return story
    }

    @Test("Berlin for 8 days, then São Paulo 40 minutes after Berlin: one MEDIUM finding naming both cities")
    func plainCase() throws {
        let story = Self.trip(to: .saoPaulo)
        let findings = story.findings(of: .impossibleTravel)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .impossibleTravel)
        #expect(finding.severity == .medium)
        #expect(finding.title == "Impossible travel: Germany to Brazil in 40 minutes")
        #expect(
            finding.explanation
                == "ana@acme.test was active from São Paulo, Brazil 40 minutes after Berlin, Germany, 10,253 km apart: 15,229 km/h, and they had never been active from Brazil."
        )
        #expect(finding.user == FindingUser(id: "W0ANA", email: "ana@acme.test", name: "Ana"))
        #expect(finding.entryIDs == ["Ev9", "Ev10"])
        #expect(finding.sequences == [9, 10])
        #expect(finding.evidence.map(\.action) == ["user_login", "user_login"])
        #expect(finding.time == story.activities[9].time)
        #expect(finding.dedupeKey == "W0ANA BR-DE 2026-09-09")
        #expect(finding.fact("sensitivity") == "medium")
        #expect(finding.fact("effectiveKm") == "10,153")
        #expect(isFindingID(finding.id))
    }

    @Test("the same activities through a fresh engine, found at another time, give the same ids")
    func stableIDs() {
        let story = Self.trip(to: .saoPaulo)
        let first = story.findings(detected: Date(timeIntervalSince1970: 1_800_000_000)).map(\.id)
        let again = story.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id)
        // Impossible travel and infrequent country.
        #expect(first.count == 2)
        #expect(first == again)
    }

    @Test("back and forth on one day is one finding (one key); the next day is another; home is never far")
    func dedupe() {
        var story = Self.trip(to: .saoPaulo)
        story.signIn(.ana, at: Story.at(day: 8, 11), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 8, 11, 30), from: .saoPaulo)
        story.signIn(.ana, at: Story.at(day: 9, 9), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 9, 9, 30), from: .saoPaulo)
        let findings = story.findings(of: .impossibleTravel)
        // São Paulo at 09:40, 11:30 and the next day; the returns to Berlin, her common country, are not reported.
        #expect(findings.map(\.entryIDs) == [["Ev9", "Ev10"], ["Ev11", "Ev12"], ["Ev13", "Ev14"]])
        #expect(Set(findings.map(\.id)).count == 2)
        #expect(Set(findings.map(\.dedupeKey)) == ["W0ANA BR-DE 2026-09-09", "W0ANA BR-DE 2026-09-10"])
    }

    @Test("silent during the user's 7 learning days; learningDays 0 turns learning off")
    func learning() {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 6, 23), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 6, 23, 40), from: .saoPaulo)
        #expect(story.findings(of: .impossibleTravel).isEmpty)
        story.settings.learningDays = 0
        #expect(story.findings(of: .impossibleTravel).count == 1)
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        let story = Self.trip(to: .saoPaulo) { $0.impossibleTravel.scope = scope.scope }
        #expect(story.findings(of: .impossibleTravel).count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        #expect(Self.trip(to: .saoPaulo).with(\.impossibleTravel.enabled, false).findings(of: .impossibleTravel).isEmpty)
    }

    @Test("the same or a bordering country never alerts: Germany to France is silent, Germany to Brazil is not")
    func bordering() {
        let farBerlin = Spot.berlin.address("198.51.100.11")
        // Paris 40 minutes after Berlin is 878 km at 1,317 km/h: fast and far enough, but bordering.
        #expect(Self.trip(to: .paris).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.trip(to: farBerlin).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.trip(to: .saoPaulo).findings(of: .impossibleTravel).count == 1)
        // London (not bordering Germany) at the same distance does alert.
        #expect(Self.trip(to: .london, after: 30).findings(of: .impossibleTravel).count == 1)
    }

    /// Addresses that say nothing of where a person is.
    static let placeless: [(IPCategory, [String])] = [(.cloudProvider, ["AWS"]), (.vpn, ["Corporate VPN"]), (.risky, ["Tor"])]

    @Test("a cloud-provider, VPN or anonymising address on either side suppresses it", arguments: [0, 1, 2])
    func placelessAddresses(_ index: Int) {
        let (category, tags) = Self.placeless[index]
        let here = Self.trip(to: .saoPaulo.filed(category, tags: tags))
        #expect(here.findings(of: .impossibleTravel).isEmpty)
        let there = Self.trip(to: .saoPaulo, from: Spot.berlin.filed(category, tags: tags))
        #expect(there.findings(of: .impossibleTravel).isEmpty)
    }

    @Test("both sides corporate is trusted unless sensitivity is high; one corporate side is not")
    func corporate() {
        let office = Spot.berlin.filed(.corporate, tags: ["Office"])
        let branch = Spot.saoPaulo.filed(.corporate, tags: ["Office"])
        #expect(Self.trip(to: branch, from: office).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.trip(to: branch, from: office).with(\.travelSensitivity, .low).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.trip(to: branch, from: office).with(\.travelSensitivity, .high).findings(of: .impossibleTravel).count == 1)
        #expect(Self.trip(to: .saoPaulo, from: office).findings(of: .impossibleTravel).count == 1)
        #expect(Self.trip(to: branch, from: .berlin).findings(of: .impossibleTravel).count == 1)
    }

    /// Ana learns Berlin, and Brazil on two days of her learning week; then Berlin and São Paulo
    /// 40 minutes apart on day 8.
    static func commonCountry(_ sensitivity: TravelSensitivity) -> Story {
        var story = Story { $0.travelSensitivity = sensitivity }
        story.learn(.ana, .berlin, days: 0..<8)
        story.signIn(.ana, at: Story.at(day: 2, 20), from: .saoPaulo)
        story.signIn(.ana, at: Story.at(day: 3, 20), from: .saoPaulo)
        story.signIn(.ana, at: Story.at(day: 8), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 8, 9, 40), from: .saoPaulo)
        return story
    }

    @Test("a country the user often uses (two days or more) is suppressed at low and medium, not at high")
    func userLayer() throws {
        #expect(Self.commonCountry(.low).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.commonCountry(.medium).findings(of: .impossibleTravel).isEmpty)
        let high = Self.commonCountry(.high).findings(of: .impossibleTravel)
        #expect(high.count == 1)
        // She had been there, so the sentence does not say she never had.
        let explanation = try #require(high.first?.explanation)
        #expect(!explanation.contains("never"))
        #expect(high.first?.fact("sensitivity") == "high")
        // One day in Brazil is not a habit.
        var once = Story()
        once.learn(.ana, .berlin, days: 0..<8)
        once.signIn(.ana, at: Story.at(day: 2, 20), from: .saoPaulo)
        once.signIn(.ana, at: Story.at(day: 8), from: .berlin)
        once.signIn(.ana, at: Story.at(day: 8, 9, 40), from: .saoPaulo)
        #expect(once.findings(of: .impossibleTravel).count == 1)
    }

    @Test("a VPN exit in Brazil on two days does not make Brazil one of her countries")
    func placelessIsNoHabit() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        let exit = Spot.saoPaulo.filed(.vpn, tags: ["Corporate VPN"])
        story.signIn(.ana, at: Story.at(day: 2, 20), from: exit)
        story.signIn(.ana, at: Story.at(day: 3, 20), from: exit)
        story.signIn(.ana, at: Story.at(day: 8), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 8, 9, 40), from: .saoPaulo)
        #expect(story.findings(of: .impossibleTravel).count == 1)
    }

    /// Five colleagues work from São Paulo; Ana, who never did, flies there impossibly fast.
    static func tenantCountry(_ sensitivity: TravelSensitivity, colleagues: Int = 5) -> Story {
        var story = Story { $0.travelSensitivity = sensitivity }
        story.learn(.ana, .berlin, days: 0..<8)
        for number in 0..<colleagues { story.signIn(.colleague(number), at: Story.at(day: 1, 12 + number), from: .saoPaulo) }
        story.signIn(.ana, at: Story.at(day: 8), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 8, 9, 40), from: .saoPaulo)
        return story
    }

    @Test("a country five of the organisation's people use is suppressed only at low sensitivity")
    func tenantLayer() {
        #expect(Self.tenantCountry(.low).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.tenantCountry(.medium).findings(of: .impossibleTravel).count == 1)
        #expect(Self.tenantCountry(.high).findings(of: .impossibleTravel).count == 1)
        #expect(Self.tenantCountry(.low, colleagues: 4).findings(of: .impossibleTravel).count == 1)
    }

    @Test("the minimum distance is measured after both accuracy radii")
    func accuracyRadii() throws {
        // Berlin–London is 932 km; 50 km radii leave 832 km, over the 500 km minimum.
        let plain = try #require(Self.trip(to: .london, after: 30).findings(of: .impossibleTravel).first)
        #expect(plain.fact("effectiveKm") == "832")
        // Radii of 250 km each leave 432 km: never impossible, even a minute apart.
        #expect(Self.trip(to: Spot.london.radius(250), after: 1, from: Spot.berlin.radius(250)).findings(of: .impossibleTravel).isEmpty)
        // Known only to their countries (no city, no radius): 500 km each by default.
        #expect(Self.trip(to: Spot.london.countryOnly, after: 1, from: Spot.berlin.countryOnly).findings(of: .impossibleTravel).isEmpty)
        // …which the settings tune.
        let tuned = Self.trip(to: Spot.london.countryOnly, after: 1, from: Spot.berlin.countryOnly) { $0.countryRadiusKm = 100 }
        #expect(tuned.findings(of: .impossibleTravel).count == 1)
        // A larger minimum silences the 832 km trip.
        #expect(Self.trip(to: .london, after: 30).with(\.travelMinimumKm, 900).findings(of: .impossibleTravel).isEmpty)
    }

    @Test("the speed threshold: 10,153 km in 11 hours alerts (923 km/h), in 12 hours does not (846 km/h)")
    func speed() throws {
        let eleven = try #require(Self.trip(to: .saoPaulo, after: 11 * 60).findings(of: .impossibleTravel).first)
        #expect(eleven.fact("speedKmh") == "923")
        #expect(Self.trip(to: .saoPaulo, after: 12 * 60).findings(of: .impossibleTravel).isEmpty)
        #expect(Self.trip(to: .saoPaulo, after: 11 * 60).with(\.travelSpeedKmh, 1_000).findings(of: .impossibleTravel).isEmpty)
    }

    @Test("two places at the same second count as 60 seconds apart (a finite speed)")
    func sixtySecondFloor() throws {
        let finding = try #require(Self.trip(to: .london, after: 0).findings(of: .impossibleTravel).first)
        #expect(finding.title == "Impossible travel: Germany to United Kingdom in 60 seconds")
        // 832 km (after radii) in a minute.
        let effective = GeoDistance.km(52.52, 13.405, 51.5074, -0.1278) - 100
        #expect(finding.fact("speedKmh") == Self.grouped(effective * 60))
    }

    @Test("failed and app-acting activity is not a place of the user's")
    func nonInteractive() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        story.signIn(.ana, at: Story.at(day: 8), from: .berlin)
        story.failSignIn(.ana, at: Story.at(day: 8, 9, 20), from: .saoPaulo)
        story.acting(ActivityApp(id: "A0BOT", name: "Bot"), for: .ana, at: Story.at(day: 8, 9, 30), from: .saoPaulo)
        #expect(story.findings(of: .impossibleTravel).isEmpty)
    }

    /// 9800.4 → "9,800".
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
