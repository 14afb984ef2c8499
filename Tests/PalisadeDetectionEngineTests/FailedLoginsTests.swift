import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Multiple failed login attempts (defender.md §2.7): failed sign-ins within a window, well above
/// both a minimum and the user's own habit; one finding per burst.
@Suite("Multiple failed sign-ins")
struct FailedLoginsTests {
    /// Ana learns Berlin for 8 days; on day 8 from 09:00 she fails `count` times, `gap` seconds apart.
    static func failures(_ count: Int, gap: Int64 = 60, day: Int = 8, into story: inout Story) {
        for index in 0..<count { story.failSignIn(.ana, at: Story.at(day: day) + Int64(index) * gap, from: .berlin) }
    }

    static func story(_ count: Int, _ configure: (inout DetectionSettings) -> Void = { _ in }) -> Story {
        var story = Story(configure)
        story.learn(.ana, .berlin, days: 0..<8)
        failures(count, into: &story)
        return story
    }

    @Test("5 failures within 4 minutes: one MEDIUM finding on the fifth, with all five as evidence")
    func plainCase() throws {
        let story = Self.story(5)
        let findings = story.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .failedLogins)
        #expect(finding.severity == .medium)
        #expect(finding.title == "5 failed sign-ins for ana@acme.test")
        #expect(
            finding.explanation
                == "5 sign-ins failed for ana@acme.test within 4 minutes, the last from 198.51.100.10 (Berlin, Germany) at 2026-09-09 09:04 UTC; their most before was 0 within 10 minutes."
        )
        #expect(finding.entryIDs == ["Ev9", "Ev10", "Ev11", "Ev12", "Ev13"])
        #expect(finding.sequences == [9, 10, 11, 12, 13])
        #expect(finding.time == story.activities[12].time)
        #expect(finding.dedupeKey == "W0ANA Ev9")
        #expect(finding.fact("failurePeak") == "0")
        #expect(isFindingID(finding.id))
        #expect(story.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("4 failures are not enough; the minimum and the window are settings")
    func threshold() {
        #expect(Self.story(4).findings().isEmpty)
        #expect(Self.story(3).with(\.failedLoginMinimum, 3).findings().count == 1)
        var spread = Story()
        spread.learn(.ana, .berlin, days: 0..<8)
        Self.failures(5, gap: 180, into: &spread)
        #expect(spread.findings().isEmpty)
        spread.settings.failedLoginWindowSeconds = 900
        #expect(spread.findings().count == 1)
    }

    @Test("one finding per burst: 30 failures a minute apart are one; a burst after a quiet window is another")
    func onePerBurst() {
        var story = Self.story(30)
        #expect(story.findings().count == 1)
        Self.failures(5, day: 9, into: &story)
        let findings = story.findings()
        // The reported burst of 30 was not learned as her habit, or 5 would not be enough.
        #expect(findings.count == 2)
        let peaks = findings.map { $0.fact("failurePeak") }
        #expect(peaks == ["0", "0"])
        #expect(Set(findings.map(\.id)).count == 2)
    }

    @Test("a user who habitually fails 6 times in a window needs 9")
    func habit() throws {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        Self.failures(6, day: 2, into: &story)
        Self.failures(8, into: &story)
        #expect(story.findings().isEmpty)
        story.failSignIn(.ana, at: Story.at(day: 8, 9, 8), from: .berlin)
        let finding = try #require(story.findings().first)
        #expect(finding.title == "9 failed sign-ins for ana@acme.test")
        #expect(finding.explanation.hasSuffix("their most before was 6 within 10 minutes."))
        #expect(finding.fact("failurePeak") == "6")
    }

    @Test("silent during learning (which teaches the habit); learningDays 0 reports at once")
    func learning() {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0), from: .berlin)
        Self.failures(5, day: 3, into: &story)
        #expect(story.findings().isEmpty)
        story.settings.learningDays = 0
        #expect(story.findings().count == 1)
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        #expect(Self.story(5).with(\.failedLogins.scope, scope.scope).findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        #expect(Self.story(5).with(\.failedLogins.enabled, false).findings().isEmpty)
    }
}
