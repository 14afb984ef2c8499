import Foundation
import Testing

@testable import ConnectorCore

@Suite("AuditPageScanner on valid pages")
struct AuditPageScannerTests {
    @Test func emptyPageHasNoEntriesAndNoCursor() throws {
        let scan = try AuditSamples.scan(#"{"entries":[],"response_metadata":{"next_cursor":""}}"#)
        #expect(scan == .page(AuditPage(entries: [], nextCursor: "")))
    }

    @Test func singleEntryPageGivesIdDateAndRange() throws {
        let body = AuditSamples.page(with: AuditSamples.bulkReset)
        guard case .page(let page) = try AuditSamples.scan(body) else {
            Issue.record("expected a page")
            return
        }
        #expect(page.entries.count == 1)
        #expect(page.entries.first?.id == "bulk-1")
        #expect(page.entries.first?.dateCreate == 0)
        let bytes = Array(body.utf8)
        let firstEntryBytes = page.entries.first.map { Array(bytes[$0.bytes]) }
        #expect(firstEntryBytes == Array(AuditSamples.bulkReset.utf8))
        #expect(page.isLastPage)
    }

    @Test func manyEntriesWithQuirksWhitespaceAndUnknownKeys() throws {
        guard case .page(let page) = try AuditSamples.scan(AuditSamples.page) else {
            Issue.record("expected a page")
            return
        }
        #expect(page.entries.map(\.id) == AuditSamples.pageEntries.map(\.id))
        #expect(page.entries.map(\.dateCreate) == AuditSamples.pageEntries.map(\.dateCreate))
        #expect(page.nextCursor == "dXNlcjpVMEc5V0ZYTlo=")
        #expect(!page.isLastPage)
    }

    @Test func byteRangesRoundTripThroughFoundation() throws {
        let body = Array(AuditSamples.page.utf8)
        guard case .page(let page) = try AuditPageScanner().scan(body) else {
            Issue.record("expected a page")
            return
        }
        let whole = try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let elements = try #require(whole["entries"] as? [Any])
        #expect(elements.count == page.entries.count)
        for (entry, element) in zip(page.entries, elements) {
            #expect(body[entry.bytes].first == UInt8(ascii: "{") && body[entry.bytes].last == UInt8(ascii: "}"))
            let slice = try #require(JSONSerialization.jsonObject(with: Data(body[entry.bytes])) as? NSDictionary)
            #expect(slice.isEqual(element))
            #expect(slice["id"] as? String == entry.id)
            #expect((slice["date_create"] as? NSNumber)?.int64Value == entry.dateCreate)
        }
    }

    @Test func manyGeneratedEntriesKeepOrder() throws {
        let entries = (0..<500).map { #"{"date_create":\#(1_600_000_000 - $0),"id":"e\#($0)","n":{"id":"x"}}"# }
        let body = #"{"entries":["# + entries.joined(separator: ",") + #"],"response_metadata":{"next_cursor":"c"}}"#
        guard case .page(let page) = try AuditSamples.scan(body) else {
            Issue.record("expected a page")
            return
        }
        let expectedIDs = (0..<500).map { "e\($0)" }
        #expect(page.entries.map(\.id) == expectedIDs)
        let last = try #require(page.entries.last)
        #expect(last.dateCreate == Int64(1_600_000_000 - 499))
    }

    @Test func nestedIdKeysDoNotCountAsTheEntryId() throws {
        let entry = #"{"actor":{"user":{"id":"W1","date_create":5}},"id":"top","details":[{"id":"x"}],"date_create":7}"#
        guard case .page(let page) = try AuditSamples.scan(AuditSamples.page(with: entry)) else {
            Issue.record("expected a page")
            return
        }
        #expect(page.entries.map(\.id) == ["top"])
        #expect(page.entries.map(\.dateCreate) == [7])
    }

    @Test func escapedKeysAndIdsAreDecoded() throws {
        let entry = #"{"i\u0064":"a\"b\\c\/\u00e9\ud83d\ude00\n","date\u005fcreate":-12}"#
        guard case .page(let page) = try AuditSamples.scan(AuditSamples.page(with: entry)) else {
            Issue.record("expected a page")
            return
        }
        #expect(page.entries.first?.id == "a\"b\\c/é😀\n")
        #expect(page.entries.first?.dateCreate == -12)
    }

    @Test(arguments: [Int64.max, Int64.min, 0, 1_521_214_343])
    func dateCreateCoversInt64(_ value: Int64) throws {
        let scan = try AuditSamples.scan(AuditSamples.page(with: #"{"id":"a","date_create":\#(value)}"#))
        guard case .page(let page) = scan else {
            Issue.record("expected a page")
            return
        }
        #expect(page.entries.first?.dateCreate == value)
    }

    @Test func cursorDefaultsToEmptyWhenResponseMetadataOrNextCursorIsAbsent() throws {
        #expect(try AuditSamples.scan(#"{"entries":[]}"#) == .page(AuditPage(entries: [], nextCursor: "")))
        #expect(
            try AuditSamples.scan(#"{"entries":[],"response_metadata":{}}"#)
                == .page(AuditPage(entries: [], nextCursor: "")))
        #expect(
            try AuditSamples.scan(#"{"response_metadata":{"next_cursor":"abc"},"ok":true,"entries":[]}"#)
                == .page(AuditPage(entries: [], nextCursor: "abc")))
    }

    @Test func errorBodyIsReportedAsSlackError() throws {
        #expect(try AuditSamples.scan(#"{"ok":false,"error":"invalid_cursor"}"#) == .slackError(code: "invalid_cursor"))
        #expect(
            try AuditSamples.scan(#" { "error" : "ratelimited", "warning": "x", "needed": null, "ok" : false } "#)
                == .slackError(code: "ratelimited"))
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        // Top object, entries, entry: 3 levels; 61 more arrays reach exactly 64.
        let deep = String(repeating: "[", count: 61) + String(repeating: "]", count: 61)
        let body = AuditSamples.page(with: #"{"id":"a","date_create":1,"x":\#(deep)}"#)
        #expect(AuditSamples.error(body) == nil)
    }
}
