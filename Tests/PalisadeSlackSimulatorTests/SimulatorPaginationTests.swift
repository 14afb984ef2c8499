import Foundation
import PalisadeRPC
import Testing

@testable import PalisadeSlackSimulator

/// `GET /audit/v1/logs` paging and filters against slack-api.md §1.2–1.3.
@Suite("Simulator: /audit/v1/logs pages")
struct SimulatorPaginationTests {
    @Test("newest first; next_cursor always present and \"\" on the last page")
    func order() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10))
        let page = try await SimFixture.logs(simulator, "limit=100")
        #expect(page.ids.count == 10)
        #expect(page.dates == page.dates.sorted(by: >))
        #expect(page.ids.first == "e000009")
        #expect(page.cursor == "")
        let empty = try await SimFixture.logs(simulator, "oldest=\(SimFixture.base + 50)")
        #expect(empty.ids.isEmpty && empty.cursor == "")
    }

    @Test(
        "a page finishes its boundary second: no entry lost or repeated when many share a second",
        arguments: [1, 3, 7, 10, 11, 100])
    func boundarySecond(limit: Int) async throws {
        // 7 entries per second, 105 entries: limits that cut seconds in every possible place.
        let entries = SimFixture.entries(count: 105, perSecond: 7)
        let simulator = SimFixture.simulator(entries)
        let (ids, pages) = try await SimFixture.all(simulator, query: "limit=\(limit)")
        #expect(ids.count == 105)
        #expect(Set(ids).count == 105)
        #expect(Set(ids) == Set(entries.map(\.id)))
        #expect(pages <= (105 + limit - 1) / limit + 1)
        let first = try await SimFixture.logs(simulator, "limit=\(limit)")
        #expect(first.ids.count >= min(limit, 105))
        #expect(first.ids.count % 7 == 0 || first.cursor.isEmpty)
    }

    @Test("oldest and latest are inclusive on date_create")
    func inclusiveWindow() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 20))
        let base = SimFixture.base
        let page = try SimFixture.page(
            await SimFixture.get(
                simulator, "/audit/v1/logs?oldest=\(base + 5)&latest=\(base + 9)"))
        let expectedDates = [9, 8, 7, 6, 5].map { base + $0 }
        #expect(page.dates == expectedDates)
        let single = try await SimFixture.logs(simulator, "oldest=\(base + 3)&latest=\(base + 3)")
        #expect(single.ids == ["e000003"])
    }

    @Test("filters re-sent with the cursor keep the window; without them paging runs into older history")
    func cursorCarriesNoFilters() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 40))
        let base = SimFixture.base
        let windowed = try await SimFixture.all(simulator, query: "oldest=\(base + 20)&limit=5")
        #expect(windowed.ids.count == 20)
        let runaway = try await SimFixture.all(simulator, query: "oldest=\(base + 20)&limit=5", resend: false)
        #expect(runaway.ids.count == 40, "a cursor alone continues past oldest, as on Slack")
        let filtered = try await SimFixture.all(simulator, query: "actor=W1&limit=2")
        #expect(filtered.ids.count == 10)
        let unfiltered = try await SimFixture.all(simulator, query: "actor=W1&limit=2", resend: false)
        #expect(unfiltered.ids.count > 10)
    }

    @Test("action (comma list), actor and entity combine with AND")
    func filters() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 60))
        let downloads = try await SimFixture.logs(simulator, "action=file_downloaded&limit=999")
        #expect(downloads.ids.count == 20)
        let both = try await SimFixture.logs(simulator, "action=file_downloaded,user_login&limit=999")
        #expect(both.ids.count == 60)
        let combined = try await SimFixture.logs(simulator, "action=user_login&actor=W1&entity=C1&limit=999")
        let expected = (0..<60).filter { $0 % 3 != 0 && $0 % 4 == 1 && $0 % 5 == 1 }.map { String(format: "e%06d", $0) }
        #expect(combined.ids == expected.reversed())
        let percent = try await SimFixture.logs(simulator, "action=file_downloaded%2Cuser_login&limit=999")
        #expect(percent.ids.count == 60)
    }

    @Test("limit: default 100, clamped to 9999, below 1 or not a number → 400 invalid_arguments")
    func limitBounds() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10_050))
        let defaulted = try await SimFixture.logs(simulator)
        #expect(defaulted.ids.count == 100)
        let clamped = try await SimFixture.logs(simulator, "limit=20000")
        #expect(clamped.ids.count == 9_999)
        #expect(!clamped.cursor.isEmpty)
        let top = try await SimFixture.logs(simulator, "limit=9223372036854775807")
        #expect(top.ids.count == 9_999)
        for bad in ["0", "-1", "ten", "1.5", "99999999999999999999", "%31%30x"] {
            let response = await SimFixture.get(simulator, "/audit/v1/logs?limit=\(bad)")
            #expect(response.status == 400, "limit=\(bad)")
            #expect(SimFixture.errorCode(response) == "invalid_arguments", "limit=\(bad)")
        }
    }

    @Test("late arrivals are inserted in order and served")
    func lateArrivals() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10))
        simulator.append([SimFixture.entry("late1", at: SimFixture.base + 3), SimFixture.entry("new", at: SimFixture.base + 20)])
        let page = try await SimFixture.logs(simulator)
        #expect(page.ids.count == 12)
        #expect(page.dates == page.dates.sorted(by: >))
        #expect(page.ids.first == "new")
        #expect(simulator.entryCount == 12)
        #expect(simulator.period == SimFixture.base...(SimFixture.base + 20))
    }

    @Test("the cursor is base64 of the position only")
    func cursorShape() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10))
        let page = try await SimFixture.logs(simulator, "limit=3")
        let decoded = try #require(Data(base64Encoded: page.cursor))
        #expect(String(decoding: decoded, as: UTF8.self) == #"{"ts":\#(SimFixture.base + 7)}"#)
        let next = try await SimFixture.logs(simulator, "limit=3&cursor=\(FormDecoding.encode(page.cursor))")
        #expect(next.cursor != page.cursor)
        #expect(next.ids == ["e000006", "e000005", "e000004"])
    }
}
