import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// The service writes `drainChanges()` after each batch and loads every row back on start: an
/// engine restarted from those rows must find exactly what one uninterrupted engine finds, even
/// for bursts, sprays and trips that straddle the restart.
@Suite("Detection state across a restart")
struct DetectionStatePersistenceTests {
    /// A fortnight's story touching every detection, and where the restart falls.
    static func story() -> (story: Story, restart: Int) {
        var story = Story()
        let notes = ActivityApp(id: "A0NOTES", name: "Quick Notes")
        let sprayer = SuspiciousIPTests.sprayer
        for day in 0..<8 {
            story.signIn(.ana, at: Story.at(day: day), from: .berlin)
            story.signIn(.ben, at: Story.at(day: day, 9, 30), from: .paris)
            story.admin(.ben, "channel_archive", at: Story.at(day: day, 10))
            if day == 1 {
                for number in 0..<3 { story.acting(notes, for: .colleague(number), at: Story.at(day: 1, 11, number)) }
            }
            if day == 2 {
                for minute in 0..<6 { story.failSignIn(.ana, at: Story.at(day: 2, 12, minute), from: .berlin) }
            }
        }
        // Day 8: a spray and an admin spree begin before the restart and end after it.
        for number in 0..<3 { story.failSignIn(.colleague(number), at: Story.at(day: 8, 8, number), from: sprayer) }
        story.admin(.ben, "pref_sso_setting_changed", at: Story.at(day: 8, 8, 5))
        story.admin(.ben, "role_change_to_owner", at: Story.at(day: 8, 8, 6))
        let restart = story.activities.count
        for number in 3..<5 { story.failSignIn(.colleague(number), at: Story.at(day: 8, 8, 4 + number), from: sprayer) }
        story.admin(.ben, "pref_two_factor_auth_changed", at: Story.at(day: 8, 8, 10))
        story.signIn(.ana, at: Story.at(day: 8, 9), from: .berlin)
        story.signIn(.ana, at: Story.at(day: 8, 9, 40), from: .saoPaulo)
        for minute in 0..<9 { story.failSignIn(.ana, at: Story.at(day: 8, 10, minute), from: .berlin) }
        story.signIn(.ana, at: Story.at(day: 8, 11), from: sprayer)
        TerminatedUserTests.deactivate(&story, at: Story.at(day: 8, 12))
        story.signIn(.ana, at: Story.at(day: 8, 12, 30), from: .berlin)
        story.acting(notes, for: .ana, at: Story.at(day: 8, 13))
        story.acting(ActivityApp(id: "A0NEW", name: "New App"), for: .ana, at: Story.at(day: 8, 13, 30))
        story.signIn(.ana, at: Story.at(day: 8, 14), from: .tor)
        return (story, restart)
    }

    @Test("half a stream, its drained rows loaded into a fresh state, the rest: the same findings as one engine")
    func restart() throws {
        let (story, restart) = Self.story()
        let detected = Date(timeIntervalSince1970: 1_800_000_000)
        var whole = DetectionEngine(settings: story.settings)
        let expected = Story.run(story.activities[...], through: &whole, detected: detected)
        // Every detection has a finding after the restart, so the comparison means something.
        let lateSequence = story.activities[restart].sequence
        let late = expected.filter { ($0.evidence.last?.sequence ?? 0) >= lateSequence }
        #expect(Set(late.map(\.detector)) == Set(Detector.allCases).subtracting([.unspecified]))

        // The service's table, written batch by batch (a nil value deletes the row).
        var table: [String: StateRow] = [:]
        var first = DetectionEngine(settings: story.settings)
        var found: [Finding] = []
        var start = 0
        while start < restart {
            let end = min(start + 7, restart)
            found += Story.run(story.activities[start..<end], through: &first, detected: detected)
            for row in first.state.drainChanges() { table["\(row.kind.rawValue)/\(row.key)"] = row.value == nil ? nil : row }
            start = end
        }
        #expect(first.state.drainChanges().isEmpty)
        var state = DetectionState()
        for row in table.values { try state.load(row) }
        #expect(state.counts == first.state.counts)
        var second = DetectionEngine(settings: story.settings, state: state)
        found += Story.run(story.activities[restart...], through: &second, detected: detected)

        #expect(found.map(\.id) == expected.map(\.id))
        #expect(found.map(\.title) == expected.map(\.title))
        #expect(found.map(\.evidence) == expected.map(\.evidence))
        #expect(found == expected)
    }
}
