import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// Activity performed by terminated user (defender.md §2.6): activity by a user whom Slack's own
/// log (`user_deactivated`) or the identity provider (`setAccountStatus`) says is gone.
@Suite("Terminated user")
struct TerminatedUserTests {
    /// Ben deactivates Ana on day 3 at 10:00.
    static func deactivate(_ story: inout Story, at time: Int64 = Story.at(day: 3, 10), action: String = "user_deactivated") {
        story.add(
            .ben, at: time, from: .berlin, action: action, category: .userManagement, administrative: true,
            entity: ActivityEntity(type: "user", id: Person.ana.id, name: Person.ana.name, email: Person.ana.email))
    }

    /// Ana works on days 0–2, is deactivated on day 3 at 10:00 and signs in at 12:00.
    static let afterDeactivation: Story = {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<3)
        deactivate(&story)
        story.signIn(.ana, at: Story.at(day: 3, 12), from: .berlin)
        return story
    }()

    @Test("Slack's user_deactivated, then a sign-in: one HIGH finding saying how long after")
    func plainCase() throws {
        let findings = Self.afterDeactivation.findings()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.detector == .terminatedUser)
        #expect(finding.severity == .high)
        #expect(finding.title == "Activity by deactivated user ana@acme.test")
        #expect(
            finding.explanation == "ana@acme.test signed in at 2026-09-04 12:00 UTC, 2 hours after the account was deactivated in Slack.")
        #expect(finding.user.id == "W0ANA")
        #expect(finding.entryIDs == ["Ev5"])
        #expect(finding.sequences == [5])
        #expect(finding.dedupeKey == "W0ANA 2026-09-04")
        #expect(finding.fact("terminated") == "2026-09-04 10:00 UTC")
        #expect(isFindingID(finding.id))
        #expect(Self.afterDeactivation.findings(detected: Date(timeIntervalSince1970: 1_900_000_000)).map(\.id) == [finding.id])
    }

    @Test("one finding per user per day: the same key all day, another the next day")
    func dedupe() {
        var story = Self.afterDeactivation
        story.add(.ana, at: Story.at(day: 3, 13), from: .berlin, action: "file_downloaded", category: .file)
        story.add(.ana, at: Story.at(day: 4, 1), from: .berlin, action: "file_downloaded", category: .file)
        let findings = story.findings()
        #expect(findings.count == 3)
        #expect(findings.map(\.dedupeKey) == ["W0ANA 2026-09-04", "W0ANA 2026-09-04", "W0ANA 2026-09-05"])
        #expect(Set(findings.map(\.id)).count == 2)
    }

    @Test("needs no baseline: it fires on a user's first day, in learning")
    func noLearning() {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0, 8), from: .berlin)
        Self.deactivate(&story, at: Story.at(day: 0, 9))
        story.signIn(.ana, at: Story.at(day: 0, 10), from: .berlin)
        #expect(story.findings().map(\.entryIDs) == [["Ev3"]])
    }

    @Test("activity before the deactivation, failed sign-ins and the deactivation itself are not reported")
    func notReported() {
        var story = Story()
        story.learn(.ana, .berlin, days: 0..<3)
        Self.deactivate(&story)
        story.signIn(.ana, at: Story.at(day: 3, 9), from: .berlin)
        story.failSignIn(.ana, at: Story.at(day: 3, 11), from: .berlin)
        #expect(story.findings().isEmpty)
    }

    @Test("user_reactivated clears it")
    func reactivated() {
        var story = Self.afterDeactivation
        Self.deactivate(&story, at: Story.at(day: 4, 8), action: "user_reactivated")
        story.signIn(.ana, at: Story.at(day: 4, 9), from: .berlin)
        #expect(story.findings().map(\.entryIDs) == [["Ev5"]])
    }

    @Test("the identity provider's word, with a date: activity from that time on is reported")
    func providerSince() throws {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 3, 9), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 3, 12), from: .berlin)
        story.failSignIn(.ana, at: Story.at(day: 3, 13), from: .berlin)
        let findings = story.findings {
            $0.setAccountStatus(AccountStatus(terminated: true, since: Story.at(day: 3, 10), provider: "Entra ID"), email: "Ana@ACME.test")
        }
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.entryIDs == ["Ev2"])
        #expect(
            finding.explanation
                == "ana@acme.test signed in at 2026-09-04 12:00 UTC, 2 hours after the account was disabled or deleted in Entra ID.")
        #expect(finding.fact("terminated") == "2026-09-04 10:00 UTC")
    }

    @Test("the identity provider's word without a date: every activity is reported; an active account is not")
    func providerUndated() throws {
        var story = Story()
        story.add(.ana, at: Story.at(day: 3, 9), from: .berlin, action: "file_downloaded", category: .file)
        let findings = story.findings { $0.setAccountStatus(AccountStatus(terminated: true), email: "ana@acme.test") }
        let finding = try #require(findings.first)
        #expect(
            finding.explanation
                == "ana@acme.test did file_downloaded at 2026-09-04 09:00 UTC although the account is disabled or deleted in the identity provider."
        )
        #expect(finding.fact("terminated") == "disabled or deleted in the identity provider")
        let active = story.findings { $0.setAccountStatus(AccountStatus(terminated: false), email: "ana@acme.test") }
        #expect(active.isEmpty)
        let cleared = story.findings {
            $0.setAccountStatus(AccountStatus(terminated: true), email: "ana@acme.test")
            $0.setAccountStatus(AccountStatus(terminated: false), email: "ana@acme.test")
        }
        #expect(cleared.isEmpty)
    }

    @Test("a deactivation is remembered however long the account stays idle (past the sweeps of idle users)")
    func rememberedWhileIdle() throws {
        var story = Story()
        story.signIn(.ana, at: Story.at(day: 0), from: .berlin)
        Self.deactivate(&story, at: Story.at(day: 1))
        // 200 days of the organisation's life: 100,000 activities, enough for a sweep of idle
        // records after Ana has been idle for 180 days.
        let count = 100_000
        for index in 0..<count {
            story.signIn(.colleague(index % 50), at: Story.at(day: 2) + Int64(index) * 173, from: .berlin)
        }
        story.signIn(.ana, at: Story.at(day: 202), from: .berlin)
        let findings = story.findings(of: .terminatedUser)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.explanation.hasSuffix("201 days after the account was deactivated in Slack."))
    }

    @Test("scope", arguments: ScopeCase.all)
    func scope(_ scope: ScopeCase) {
        var story = Self.afterDeactivation
        story.settings.terminatedUser.scope = scope.scope
        #expect(story.findings().count == (scope.watchesAna ? 1 : 0))
    }

    @Test("enabled = false")
    func disabled() {
        var story = Self.afterDeactivation
        story.settings.terminatedUser.enabled = false
        #expect(story.findings().isEmpty)
    }
}
