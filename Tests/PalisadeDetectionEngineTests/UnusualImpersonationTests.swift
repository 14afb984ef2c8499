import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Unusual impersonated activity (defender.md §2.9): an app or agent acting for a user it never
/// acted for, while it is not established in the organisation (acting for a few users for longer
/// than the learning period).
@Suite("Unusual impersonation")
struct UnusualImpersonationTests {
    static let notes = ActivityApp(id: "A0NOTES", name: "Quick Notes")

    /// Ana learns Berlin for 8 days; `before` runs, then on day 8 Quick Notes posts for her.
    static func story(_ configure: (inout DetectionSettings) -> Void = { _ in }, before: (inout Story) -> Void = { _ in }) -> Story {
        var story = Story(configure)
        before(&story)
        story.learn(.ana, .berlin, days: 0..<8)
        story.acting(notes, for: .ana, at: Story.at(day: 8))
        return story
    }

    /// The app acts for colleagues 0..<users on `day`.
    static func used(by users: Int, on day: Int, app: ActivityApp? = notes, agent: String = "", into story: inout Story) {
        for number in 0..<users { story.acting(app, agent: agent, for: .colleague(number), at: Story.at(day: day, 8, number)) }
    }

    @Test("an app new to the user and to the organisation: one MEDIUM finding")
    func plainCase() throws {
        let story = Self.story()
        let findings = story.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .unusualImpersonation)
        #expect(finding.severity == .medium)
        #expect(finding.title == "Quick Notes (A0NOTES) acted for ana@acme.test for the first time")
        #expect(
            finding.explanation
                == "Quick Notes (A0NOTES) did message_posted for ana@acme.test at 2026-09-09 09:00 UTC from 198.51.100.10; it had never acted for them, and it had never acted in the organisation."
        )
        #expect(finding.entryIDs == ["Ev9"])
        #expect(finding.sequences == [9])
        #expect(finding.dedupeKey == "W0ANA A0NOTES")
        #expect(finding.fact("actingForUser") == "0")
        #expect(isFindingID(finding.id))
        #expect(story.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("once it acted for her, it is hers: later activity through it is silent")
    func dedupe() {
        var story = Self.story()
        story.acting(Self.notes, for: .ana, at: Story.at(day: 8, 10))
        story.acting(Self.notes, for: .ana, at: Story.at(day: 9))
        #expect(story.findings().count == 1)
    }

    @Test("an app established in the organisation (3 users, for longer than the learning period) is not unusual")
    func established() {
        let three = Self.story(before: { Self.used(by: 3, on: 0, into: &$0) })
        #expect(three.findings().isEmpty)
        let two = Self.story(before: { Self.used(by: 2, on: 0, into: &$0) })
        #expect(two.with(\.establishedAppUsers, 2).findings().isEmpty)
    }

    @Test("an app with too few users, or too young, is still unusual; the sentence says what the org knows")
    func notEstablished() throws {
        let few = Self.story(before: { Self.used(by: 2, on: 0, into: &$0) })
        #expect(few.findings().count == 1)
        var young = Story()
        young.learn(.ana, .berlin, days: 0..<8)
        Self.used(by: 3, on: 6, into: &young)
        young.acting(Self.notes, for: .ana, at: Story.at(day: 8))
        let finding = try #require(young.findings().first)
        #expect(
            finding.explanation.hasSuffix(
                "it had never acted for them, and it first acted in the organisation 2 days earlier, for 3 users so far."))
    }

    @Test("a Slackbot-style agent (no app) is judged the same way, by its name")
    func agent() throws {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        story.acting(nil, agent: "Slackbot", for: .ana, at: Story.at(day: 8))
        let finding = try #require(story.findings().first)
        #expect(finding.title == "Slackbot acted for ana@acme.test for the first time")
        #expect(finding.dedupeKey == "W0ANA Slackbot")
        var everyone = Story()
        Self.used(by: 3, on: 0, app: nil, agent: "Slackbot", into: &everyone)
        everyone.learn(.ana, .berlin, days: 0..<8)
        everyone.acting(nil, agent: "Slackbot", for: .ana, at: Story.at(day: 8))
        #expect(everyone.findings().isEmpty)
    }

    @Test("silent during the user's learning, which teaches the app; learningDays 0 reports at once")
    func learning() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        story.acting(Self.notes, for: .ana, at: Story.at(day: 3))
        story.acting(Self.notes, for: .ana, at: Story.at(day: 8))
        #expect(story.findings().isEmpty)
        story.settings.learningDays = 0
        #expect(story.findings().map(\.entryIDs) == [["Ev9"]])
    }

    @Test("a failed sign-in through an app is not reported and teaches nothing")
    func failed() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<8)
        story.add(.ana, at: Story.at(day: 8), from: .berlin, action: "user_login_failed", category: .failedLogin, app: Self.notes)
        story.acting(Self.notes, for: .ana, at: Story.at(day: 8, 10))
        #expect(story.findings().map(\.entryIDs) == [["Ev10"]])
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        #expect(Self.story().with(\.unusualImpersonation.scope, scope.scope).findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        #expect(Self.story().with(\.unusualImpersonation.enabled, false).findings().isEmpty)
    }
}
