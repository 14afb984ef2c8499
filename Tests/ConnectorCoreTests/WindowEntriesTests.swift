import Testing

@testable import ConnectorCore

/// `WindowEntries`: what a window holds as its pages arrive.
@Suite struct WindowEntriesTests {
    /// A page of `entries` (id, date_create), newest first, as Slack's body would carry them.
    private static func page(_ entries: [(String, Int64)], padding: Int = 0) throws -> AuditPageResult {
        let objects = entries.map { #"{"id":"\#($0.0)","date_create":\#($0.1),"pad":""# + String(repeating: "x", count: padding) + #""}"# }
        let body = Array(#"{"ok":true,"entries":["#.utf8) + Array(objects.joined(separator: ",").utf8) + Array("]}".utf8)
        switch try AuditPageScanner().scan(body) {
        case .page(let page):
            return AuditPageResult(body: body, page: page)
        case .slackError(let code):
            Issue.record("the test page reads as Slack's error \(code)")
            return AuditPageResult(body: body, page: AuditPage(entries: [], nextCursor: ""))
        }
    }

    @Test("stored entries of the overlap are dropped and counted, late ones and new ones kept once, oldest first")
    func dropsWhatWasStored() throws {
        var window = WindowEntries(oldest: 100, latest: 110, watermark: 104)
        let first = try Self.page([("n6", 106), ("n5", 105), ("s4", 104), ("l3", 103), ("out", 99)])
        let asked = window.overlapIDs(first.page)
        #expect(asked == ["s4", "l3"])
        window.add(first, seen: ["s4"])
        // The next page repeats an entry (a resumed cursor) and brings more of the overlap.
        let second = try Self.page([("l3", 103), ("s2", 102), ("s1", 101)])
        #expect(window.overlapIDs(second.page) == ["s2", "s1"])
        window.add(second, seen: ["s2", "s1"])
        #expect(window.newer == 2)
        #expect(window.reread == 3)
        #expect(window.reached == 101)
        let kept = window.finish().map(\.id)
        #expect(kept == ["l3", "n5", "n6"])
    }

    @Test("entries kept from a page that was mostly dropped are copied out of it, with the same bytes")
    func copiesFewKeptEntries() throws {
        var window = WindowEntries(oldest: 100, latest: 110, watermark: 104)
        let repeats = (0..<20).map { (id: "s\($0)", date: Int64(104)) }
        let result = try Self.page([("n5", 105)] + repeats, padding: 100)
        window.add(result, seen: Set(repeats.map(\.id)))
        let kept = try #require(window.finish().first)
        #expect(kept.id == "n5")
        #expect(kept.json.startIndex == 0, "a copy, not a slice of the page body")
        let original = result.json(of: result.page.entries[0])
        #expect(Array(kept.json) == Array(original))
    }

    @Test("an overlap set in code is held to the range the configuration allows")
    func overlapIsHeldToItsRange() {
        var settings = SyncSettings()
        settings.overlap = -5
        #expect(settings.overlap == 0)
        settings.overlap = 1_000_000
        #expect(settings.overlap == Int64(SyncSettings.overlapRange.upperBound))
        settings.overlap = 900
        #expect(settings.overlap == 900)
    }
}
