import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Unusual administrative activity (defender.md §2.8): a burst of administrative actions against
/// the user's own busiest window, or several actions new to the user within the window.
@Suite("Unusual administrative activity")
struct UnusualAdminTests {
    /// Ana archives one channel a day for 8 days (days 0–7).
    static func admin(_ configure: (inout DetectionSettings) -> Void = { _ in }) -> Story {
        var story = Story(configure)
        for day in 0..<8 { story.admin(.ana, "channel_archive", at: Story.at(day: day)) }
        return story
    }

    /// `count` archives `gap` seconds apart from 09:00 on `day`.
    static func archives(_ count: Int, gap: Int64 = 120, day: Int = 8, into story: inout Story) {
        for index in 0..<count { story.admin(.ana, "channel_archive", at: Story.at(day: day) + Int64(index) * gap) }
    }

    static let newActions = ["pref_sso_setting_changed", "pref_two_factor_auth_changed", "role_change_to_owner"]

    /// On day 8 Ana does the three actions she never did, 10 minutes apart.
    static func novel(_ configure: (inout DetectionSettings) -> Void = { _ in }) -> Story {
        var story = admin(configure)
        for (index, action) in newActions.enumerated() { story.admin(.ana, action, at: Story.at(day: 8, 9, 10 * index)) }
        return story
    }

    @Test("three actions she never performed within 20 minutes: one MEDIUM finding naming them")
    func newActionRule() throws {
        let story = Self.novel()
        let findings = story.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .unusualAdmin)
        #expect(finding.severity == .medium)
        #expect(finding.title == "Unusual administrative activity by ana@acme.test")
        #expect(
            finding.explanation
                == "ana@acme.test made 3 administrative changes within 20 minutes, the last at 2026-09-09 09:20 UTC; 3 of them they had never performed (pref_sso_setting_changed, pref_two_factor_auth_changed, role_change_to_owner)."
        )
        #expect(finding.entryIDs == ["Ev9", "Ev10", "Ev11"])
        #expect(finding.sequences == [9, 10, 11])
        #expect(finding.evidence.map(\.action) == Self.newActions)
        #expect(finding.dedupeKey == "W0ANA Ev9")
        #expect(finding.fact("adminActionsKnown") == "3")
        #expect(isFindingID(finding.id))
        #expect(story.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("two new actions, or three spread over more than the window, are not enough")
    func newActionThreshold() {
        var two = Self.admin()
        two.admin(.ana, "pref_sso_setting_changed", at: Story.at(day: 8))
        two.admin(.ana, "role_change_to_owner", at: Story.at(day: 8, 9, 10))
        #expect(two.findings().isEmpty)
        var spread = Self.admin()
        for (index, action) in Self.newActions.enumerated() { spread.admin(.ana, action, at: Story.at(day: 8, 9 + index, 31 * index)) }
        #expect(spread.findings().isEmpty)
        #expect(Self.novel().with(\.adminNewActions, 4).findings().isEmpty)
    }

    @Test("a burst of a known action: 10 within an hour against a habit of one a day")
    func burst() throws {
        var story = Self.admin()
        Self.archives(9, into: &story)
        #expect(story.findings().isEmpty)
        story.admin(.ana, "channel_archive", at: Story.at(day: 8, 9, 18))
        let finding = try #require(story.findings().first)
        #expect(
            finding.explanation
                == "ana@acme.test made 10 administrative changes within 18 minutes, the last at 2026-09-09 09:18 UTC; their busiest hour before had 1."
        )
        #expect(finding.evidence.count == 10)
        #expect(finding.fact("adminPeak") == "1")
    }

    @Test("a user whose busiest hour had 8 needs 24 (three times her habit)")
    func habit() throws {
        var story = Story()
        for day in 0..<8 {
            if day == 2 { Self.archives(8, day: 2, into: &story) } else { story.admin(.ana, "channel_archive", at: Story.at(day: day)) }
        }
        Self.archives(23, into: &story)
        #expect(story.findings().isEmpty)
        story.admin(.ana, "channel_archive", at: Story.at(day: 8, 9, 50))
        let finding = try #require(story.findings().first)
        #expect(finding.explanation.hasSuffix("their busiest hour before had 8."))
        #expect(finding.evidence.count == 24)
    }

    @Test("one finding per burst: 40 in 40 minutes is one; a burst the next day is another")
    func onePerBurst() {
        var story = Self.admin()
        Self.archives(40, gap: 60, into: &story)
        #expect(story.findings().count == 1)
        Self.archives(10, day: 9, into: &story)
        let findings = story.findings()
        // The reported burst was not learned as habit (else the second would need 120).
        #expect(findings.count == 2)
        #expect(Set(findings.map(\.id)).count == 2)
    }

    @Test("silent during learning, which teaches the actions; learningDays 0 reports at once")
    func learning() {
        var story = Story()
        for (index, action) in Self.newActions.enumerated() { story.admin(.ana, action, at: Story.at(day: 2, 9, index)) }
        for (index, action) in Self.newActions.enumerated() { story.admin(.ana, action, at: Story.at(day: 8, 9, index)) }
        #expect(story.findings().isEmpty)
        story.settings.learningDays = 0
        #expect(story.findings().map(\.entryIDs) == [["Ev1", "Ev2", "Ev3"]])
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        #expect(Self.novel().with(\.unusualAdmin.scope, scope.scope).findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        #expect(Self.novel().with(\.unusualAdmin.enabled, false).findings().isEmpty)
    }
}
