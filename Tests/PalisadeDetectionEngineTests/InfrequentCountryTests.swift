import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Activity from infrequent country (defender.md §2.3): successful interactive activity from a
/// country the user has not used within the lookback.
@Suite("Infrequent country")
struct InfrequentCountryTests {
    /// Ana learns Berlin for 8 days (days 0–7) and Paris on day 4; `then` runs on day 8.
    static func story(_ configure: (inout DetectionSettings) -> Void = { _ in }, then: (inout Story) -> Void) -> Story {
        var story = Story(configure)
        story.learn(.ana, .berlin, days: 0..<8)
        story.signIn(.ana, at: Story.at(day: 4, 15), from: .paris)
        then(&story)
        return story
    }

    static let brazil = story { $0.signIn(.ana, at: Story.at(day: 8), from: .saoPaulo) }

    @Test("Berlin and Paris for 8 days, then São Paulo: one LOW finding listing the countries she used")
    func plainCase() throws {
        let findings = Self.brazil.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .infrequentCountry)
        #expect(finding.severity == .low)
        #expect(finding.title == "Activity from Brazil, new for this user")
        #expect(
            finding.explanation
                == "ana@acme.test signed in from São Paulo, Brazil at 2026-09-09 09:00 UTC; in the last 90 days they had been active only from Germany (last 2026-09-08), France (last 2026-09-05)."
        )
        #expect(finding.entryIDs == ["Ev10"])
        #expect(finding.sequences == [10])
        #expect(finding.dedupeKey == "W0ANA BR 2026-09-09")
        #expect(finding.user.email == "ana@acme.test")
        #expect(isFindingID(finding.id))
        let again = Self.brazil.findings(detected: Date(timeIntervalSince1970: 1_900_000_000))
        #expect(again.map(\.id) == [finding.id])
    }

    @Test("once used, the country is known: a second activity from it that day or later is silent")
    func dedupe() {
        let story = Self.story {
            $0.signIn(.ana, at: Story.at(day: 8), from: .saoPaulo)
            $0.signIn(.ana, at: Story.at(day: 8, 12), from: .saoPaulo.address("203.0.113.41"))
            $0.signIn(.ana, at: Story.at(day: 9), from: .saoPaulo)
        }
        #expect(story.findings().count == 1)
    }

    @Test("silent during learning; learningDays 0 alerts from the second activity; a first activity never does")
    func learning() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<3)
        story.signIn(.ana, at: Story.at(day: 6, 23), from: .saoPaulo)
        #expect(story.findings().isEmpty)
        story.settings.learningDays = 0
        #expect(story.findings(of: .infrequentCountry).count == 1)
        var first = Story { $0.learningDays = 0 }
        first.signIn(.ana, at: Story.at(day: 0), from: .saoPaulo)
        #expect(first.findings().isEmpty)
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        var story = Self.brazil
        story.settings.infrequentCountry.scope = scope.scope
        #expect(story.findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        var story = Self.brazil
        story.settings.infrequentCountry.enabled = false
        #expect(story.findings().isEmpty)
    }

    @Test("a country used within the lookback is known; one used before it is infrequent again")
    func lookback() throws {
        let recent = Self.story {
            $0.signIn(.ana, at: Story.at(day: 2, 20), from: .saoPaulo)
            $0.signIn(.ana, at: Story.at(day: 8), from: .saoPaulo)
        }
        #expect(recent.findings().isEmpty)
        let lapsed = Self.story({ $0.countryLookbackDays = 5 }) {
            $0.signIn(.ana, at: Story.at(day: 1, 20), from: .saoPaulo)
            $0.signIn(.ana, at: Story.at(day: 8), from: .saoPaulo)
        }
        let finding = try #require(lapsed.findings().first)
        #expect(
            finding.explanation.hasSuffix(
                "in the last 5 days they had been active only from Germany (last 2026-09-08), France (last 2026-09-05)."))
    }

    @Test("a failed sign-in from a new country neither alerts nor teaches it")
    func failedSignIns() {
        let story = Self.story {
            $0.failSignIn(.ana, at: Story.at(day: 8), from: .saoPaulo)
            $0.signIn(.ana, at: Story.at(day: 8, 10), from: .saoPaulo)
        }
        let findings = story.findings()
        #expect(findings.map(\.entryIDs) == [["Ev11"]])
    }

    @Test("an app acting for the user, or someone inviting them, is not the user's place and teaches none")
    func nonInteractive() {
        let story = Self.story {
            $0.acting(ActivityApp(id: "A0SYNC", name: "Sync"), for: .ana, at: Story.at(day: 8), from: .saoPaulo)
            $0.add(
                .ana, at: Story.at(day: 8, 9, 30), from: .saoPaulo, action: "user_channel_join", category: .membership,
                details: #"{"inviter":{"id":"W0BEN"}}"#)
            $0.signIn(.ana, at: Story.at(day: 8, 10), from: .saoPaulo)
        }
        #expect(story.findings(of: .infrequentCountry).map(\.entryIDs) == [["Ev12"]])
    }

    @Test(
        "cloud-provider, VPN, anonymising and corporate addresses are skipped",
        arguments: [
            Spot.saoPaulo.filed(.cloudProvider, tags: ["AWS"]), Spot.saoPaulo.filed(.vpn, tags: ["Corporate VPN"]),
            Spot.saoPaulo.filed(.risky, tags: ["Anonymous VPN"]), Spot.saoPaulo.filed(.corporate, tags: ["São Paulo office"]),
        ])
    func skippedAddresses(_ spot: Spot) {
        let story = Self.story { $0.signIn(.ana, at: Story.at(day: 8), from: spot) }
        #expect(story.findings(of: .infrequentCountry).isEmpty)
    }

    @Test(
        "an address that says nothing of where she is teaches no country: Brazil itself still alerts afterwards",
        arguments: [
            Spot.saoPaulo.filed(.cloudProvider, tags: ["AWS"]), Spot.saoPaulo.filed(.vpn, tags: ["Corporate VPN"]),
            Spot.saoPaulo.filed(.risky, tags: ["Tor"]),
        ])
    func placelessTeachesNothing(_ spot: Spot) {
        let story = Self.story {
            $0.signIn(.ana, at: Story.at(day: 5, 20), from: spot)
            $0.signIn(.ana, at: Story.at(day: 8), from: .saoPaulo)
        }
        #expect(story.findings(of: .infrequentCountry).map(\.entryIDs) == [["Ev11"]])
    }
}
