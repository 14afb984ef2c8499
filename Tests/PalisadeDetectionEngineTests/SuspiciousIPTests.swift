import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Activity from suspicious IP addresses (defender.md §2.5): successful activity from an address
/// the catalogue lists as risky (not anonymising), password sprays (failed sign-ins for several
/// users from one address), and successful activity from a spray's address afterwards.
@Suite("Suspicious IP and password spray")
struct SuspiciousIPTests {
    /// A password-spray source.
    static let sprayer = Spot(ip: "192.0.2.99", country: "US", city: "Ashburn", latitude: 39.04, longitude: -77.49)

    static let botnetSignIn: Story = {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0), from: .botnet)
        return story
    }()

    /// Failed sign-ins for colleagues 0..<users from the sprayer, `gap` seconds apart from 03:00 on day 1.
    static func spray(users: Int, gap: Int64 = 60, day: Int = 1, into story: inout Story) {
        for number in 0..<users { story.failSignIn(.colleague(number), at: Story.at(day: day, 3) + Int64(number) * gap, from: sprayer) }
    }

    @Test("a sign-in from a botnet address: one HIGH finding naming the catalogue's tags")
    func risky() throws {
        let findings = Self.botnetSignIn.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .suspiciousIP)
        #expect(finding.severity == .high)
        #expect(finding.title == "Activity from a suspicious IP address")
        #expect(
            finding.explanation
                == "ana@acme.test signed in from 192.0.2.77 (Moscow, Russia), an address the IP catalogue lists as risky (Botnet), at 2026-09-01 09:00 UTC."
        )
        #expect(finding.entryIDs == ["Ev1"])
        #expect(finding.dedupeKey == "W0ANA 192.0.2.77 2026-09-01")
        #expect(finding.fact("source") == "catalogue")
        #expect(isFindingID(finding.id))
        #expect(Self.botnetSignIn.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("a risky address tagged Tor is the anonymous-IP detection's, not this one's")
    func anonymousIsNotSuspicious() {
        #expect(AnonymousIPTests.torSignIn.findings(of: .suspiciousIP).isEmpty)
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        var story = Self.botnetSignIn
        story.settings.suspiciousIP.scope = scope.scope
        #expect(story.findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false silences risky addresses and sprays")
    func disabled() {
        var story = Self.botnetSignIn
        Self.spray(users: 5, into: &story)
        story.signIn(.ana, at: Story.at(day: 1, 4), from: Self.sprayer)
        #expect(story.findings().count == 3)
        story.settings.suspiciousIP.enabled = false
        #expect(story.findings().isEmpty)
    }

    @Test("org prevalence: an address 10 of the organisation's people use is not suspicious")
    func prevalence() {
        var story = Story()
        for number in 0..<10 { story.signIn(.colleague(number), at: Story.at(day: 0, 9, number), from: .botnet) }
        story.signIn(.ana, at: Story.at(day: 0, 10), from: .botnet)
        let findings = story.findings()
        #expect(findings.count == 10)
        let users = Set(findings.map(\.user.id))
        #expect(!users.contains("W0ANA"))
    }

    @Test("failed sign-ins from a risky address are not reported, nor counted as its use")
    func failures() {
        var story = Story()
        for number in 0..<3 { story.failSignIn(.colleague(number), at: Story.at(day: 0, 9, number), from: .botnet) }
        #expect(story.findings().isEmpty)
    }

    @Test("failed sign-ins for 5 users from one address within 10 minutes: one spray finding about the address")
    func sprayFound() throws {
        var story = Story()
        Self.spray(users: 5, into: &story)
        let findings = story.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .suspiciousIP)
        #expect(finding.severity == .high)
        #expect(finding.title == "Password spray from 192.0.2.99")
        #expect(
            finding.explanation
                == "Failed sign-ins for 5 different users came from 192.0.2.99 (Ashburn, United States) within 4 minutes, the last at 2026-09-02 03:04 UTC."
        )
        #expect(finding.user == FindingUser())
        #expect(finding.entryIDs == ["Ev1", "Ev2", "Ev3", "Ev4", "Ev5"])
        #expect(finding.sequences == [1, 2, 3, 4, 5])
        #expect(finding.dedupeKey == "spray 192.0.2.99 Ev1")
        #expect(finding.fact("users") == "5")
    }

    @Test("4 users, one user many times, or 5 users spread over more than the window are no spray")
    func noSpray() {
        var four = Story()
        Self.spray(users: 4, into: &four)
        #expect(four.findings().isEmpty)
        var one = Story()
        for minute in 0..<20 { one.failSignIn(.ben, at: Story.at(day: 1, 3, minute), from: Self.sprayer) }
        #expect(one.findings(of: .suspiciousIP).isEmpty)
        var slow = Story()
        Self.spray(users: 5, gap: 180, into: &slow)
        #expect(slow.findings().isEmpty)
        slow.settings.sprayWindowSeconds = 900
        #expect(slow.findings().count == 1)
        slow.settings.sprayUsers = 6
        #expect(slow.findings().isEmpty)
    }

    @Test("a spray is one finding while it lasts; a new one after a quiet window is another")
    func onePerBurst() {
        var story = Story()
        Self.spray(users: 30, gap: 30, into: &story)
        #expect(story.findings().count == 1)
        Self.spray(users: 6, day: 2, into: &story)
        let findings = story.findings()
        #expect(findings.count == 2)
        #expect(Set(findings.map(\.id)).count == 2)
    }

    @Test("successful activity from a spray's address in the following week is flagged; after it, not")
    func afterSpray() throws {
        var story = Story()
        Self.spray(users: 5, into: &story)
        story.signIn(.ana, at: Story.at(day: 1, 4), from: Self.sprayer)
        story.failSignIn(.ben, at: Story.at(day: 2, 4), from: Self.sprayer)
        story.signIn(.eve, at: Story.at(day: 9, 4), from: Self.sprayer)
        let findings = story.findings()
        #expect(findings.count == 2)
        let finding = try #require(findings.last)
        #expect(finding.title == "Activity from a password-spray address")
        #expect(
            finding.explanation
                == "ana@acme.test signed in from 192.0.2.99 (Ashburn, United States), an address that failed sign-ins for several users in a password spray, at 2026-09-02 04:00 UTC."
        )
        #expect(finding.user.id == "W0ANA")
        #expect(finding.entryIDs == ["Ev6"])
        #expect(finding.dedupeKey == "W0ANA 192.0.2.99 2026-09-02")
        #expect(finding.fact("source") == "password spray")
    }

    @Test("an office address 10 people use is no spray source when five of them mistype their password")
    func prevalentOffice() {
        var story = Story()
        let office = Spot.berlin.address("198.51.100.1").filed(.corporate, tags: ["Office"])
        for number in 0..<10 { story.signIn(.colleague(number), at: Story.at(day: 0, 8, number), from: office) }
        for number in 0..<5 { story.failSignIn(.colleague(number), at: Story.at(day: 1, 9, number), from: office) }
        story.signIn(.ana, at: Story.at(day: 1, 9, 10), from: office)
        #expect(story.findings(of: .suspiciousIP).isEmpty)
    }

    @Test("evidence holds at most 100 activities: the first 50 and the last 50")
    func evidenceCap() throws {
        var story = Story()
        for index in 0..<200 { story.failSignIn(.colleague(index % 4), at: Story.at(day: 1, 3) + Int64(index), from: Self.sprayer) }
        story.failSignIn(.ana, at: Story.at(day: 1, 3, 5), from: Self.sprayer)
        let finding = try #require(story.findings(of: .suspiciousIP).first)
        #expect(finding.evidence.count == 100)
        #expect(finding.sequences.prefix(50) == ArraySlice(1...50))
        #expect(finding.sequences.suffix(50) == ArraySlice(152...201))
    }
}
