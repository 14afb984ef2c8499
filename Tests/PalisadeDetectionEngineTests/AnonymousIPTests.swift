import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Activity from anonymous IP addresses (defender.md §2.4): successful interactive activity from
/// an address the catalogue tags Tor or anonymous proxy, unless the organisation's own people use
/// it (org prevalence).
@Suite("Anonymous IP")
struct AnonymousIPTests {
    static let torSignIn: Story = {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0), from: .tor)
        return story
    }()

    @Test("a sign-in from a Tor exit: one MEDIUM finding, even on the user's first day (no baseline needed)")
    func plainCase() throws {
        let findings = Self.torSignIn.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .anonymousIP)
        #expect(finding.severity == .medium)
        #expect(finding.title == "Activity from a Tor exit node")
        #expect(
            finding.explanation
                == "ana@acme.test signed in from 192.0.2.66, a Tor exit node (Amsterdam, The Netherlands), at 2026-09-01 09:00 UTC.")
        #expect(finding.entryIDs == ["Ev1"])
        #expect(finding.sequences == [1])
        #expect(finding.dedupeKey == "W0ANA 192.0.2.66 2026-09-01")
        #expect(finding.fact("addressUsers") == "0")
        #expect(isFindingID(finding.id))
        #expect(Self.torSignIn.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("an anonymous proxy, its tag in any case; the tags are configurable")
    func proxies() throws {
        var story = Story()
        story.add(
            .ana, at: Story.at(day: 0), from: Spot.berlin.address("192.0.2.80").filed(.risky, tags: ["anonymous VPN"]),
            action: "file_downloaded", category: .file)
        let finding = try #require(story.findings().first)
        #expect(finding.title == "Activity from an anonymous proxy")
        #expect(
            finding.explanation
                == "ana@acme.test did file_downloaded from 192.0.2.80, an anonymising address (anonymous VPN) (Berlin, Germany), at 2026-09-01 09:00 UTC."
        )
        var relay = Story { $0.anonymousTags = ["Private Relay"] }
        relay.signIn(.ana, at: Story.at(day: 0), from: Spot.berlin.filed(.other, tags: ["private relay"]))
        relay.signIn(.ben, at: Story.at(day: 0), from: .tor)
        #expect(relay.findings(of: .anonymousIP).map(\.title) == ["Activity from an anonymous proxy"])
    }

    @Test("one key per user, address and day")
    func dedupe() {
        var story = Self.torSignIn
        story.signIn(.ana, at: Story.at(day: 0, 15), from: .tor)
        story.signIn(.ana, at: Story.at(day: 1), from: .tor)
        story.signIn(.ben, at: Story.at(day: 1), from: .tor)
        let findings = story.findings()
        #expect(findings.count == 4)
        #expect(Set(findings.map(\.id)).count == 3)
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        var story = Self.torSignIn
        story.settings.anonymousIP.scope = scope.scope
        #expect(story.findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        var story = Self.torSignIn
        story.settings.anonymousIP.enabled = false
        #expect(story.findings().isEmpty)
    }

    @Test("failed sign-ins and apps acting for the user from Tor are not reported")
    func nonInteractive() {
        var story = Story()
        story.failSignIn(.ana, at: Story.at(day: 0), from: .tor)
        story.acting(ActivityApp(id: "A0BOT", name: "Bot"), for: .ben, at: Story.at(day: 0), from: .tor)
        #expect(story.findings(of: .anonymousIP).isEmpty)
    }

    @Test("org prevalence: once 10 of the organisation's people use the address, it is theirs")
    func prevalence() {
        var story = Story()
        for number in 0..<10 { story.signIn(.colleague(number), at: Story.at(day: 0, 9, number), from: .tor) }
        story.signIn(.ana, at: Story.at(day: 0, 10), from: .tor)
        let findings = story.findings()
        #expect(findings.count == 10)
        let users = Set(findings.map(\.user.id))
        #expect(!users.contains("W0ANA"))
        // Tunable.
        story.settings.prevalentAddressUsers = 11
        #expect(story.findings().count == 11)
    }

    @Test("failed sign-ins do not make an address prevalent")
    func failuresAreNotUse() {
        var story = Story()
        for number in 0..<12 { story.failSignIn(.colleague(number), at: Story.at(day: 0, 9, number), from: .tor) }
        story.signIn(.ana, at: Story.at(day: 0, 10), from: .tor)
        #expect(story.findings(of: .anonymousIP).map(\.user.id) == ["W0ANA"])
    }
}
