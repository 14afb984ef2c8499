import Foundation
import PalisadeRPC
import Testing

@testable import PalisadeSlackSimulator

/// Shared helpers of the simulator contract tests: hand-built entries, requests, page decoding.
enum SimFixture {
    /// A second well inside the range Slack accepts (2025-06-15).
    static let base: Int64 = 1_750_000_000
    /// The development token, valid for `/logs`.
    static let token = SimulatorToken.development.value

    /// A configuration for in-memory tests: no rate limit, a clock standing a day after `base`.
    static func configuration(_ edit: (inout SlackSimulatorConfiguration) -> Void = { _ in })
        -> SlackSimulatorConfiguration
    {
        var configuration = SlackSimulatorConfiguration(rateLimitPerMinute: 0, clock: SimulatorClock(now: base + 86_400))
        edit(&configuration)
        return configuration
    }

    /// An entry with a compact JSON body like Slack's (enough for the filters and the order).
    static func entry(
        _ id: String, at date: Int64, action: String = "user_login", actor: String = "W0000000001",
        entity: String = "W0000000001", quirk: Bool = false
    ) -> SimEntry {
        let json =
            #"{"id":"\#(id)","date_create":\#(date),"action":"\#(action)","actor":{"type":"user","user":{"id":"\#(actor)"}},"entity":{"type":"user","user":{"id":"\#(entity)"}},"context":{"session_id":"123"}}"#
        let quirky = quirk ? json.replacingOccurrences(of: #""session_id":"123""#, with: #""session_id":123"#) : nil
        return SimEntry(
            id: id, dateCreate: date, action: action, actorID: actor, entityID: entity,
            json: Array(json.utf8), quirkJSON: quirky.map { Array($0.utf8) })
    }

    /// `count` entries spread over seconds `base`, `base+1`, …, `perSecond` in each second.
    static func entries(count: Int, perSecond: Int = 1, from start: Int64 = base) -> [SimEntry] {
        (0..<count).map { i in
            entry(
                String(format: "e%06d", i), at: start + Int64(i / perSecond),
                action: i % 3 == 0 ? "file_downloaded" : "user_login",
                actor: "W\(i % 4)", entity: "C\(i % 5)")
        }
    }

    /// A simulator holding `entries`.
    static func simulator(_ entries: [SimEntry], _ edit: (inout SlackSimulatorConfiguration) -> Void = { _ in })
        -> SlackSimulator
    {
        let simulator = SlackSimulator(configuration: configuration(edit))
        simulator.append(entries)
        return simulator
    }

    /// `GET target` with the bearer token (nil = no Authorization header).
    static func get(_ simulator: SlackSimulator, _ target: String, token: String? = SimFixture.token) async
        -> HTTPServerResponse
    {
        let headers: [(name: String, value: String)] = token.map { [("authorization", "Bearer \($0)")] } ?? []
        return await simulator.handle(HTTPServerRequest(method: "GET", target: target, headers: headers))
    }

    /// A Web API `POST` with a form body.
    static func post(
        _ simulator: SlackSimulator, _ path: String, form: [String: String] = [:],
        headers: [(name: String, value: String)] = []
    ) async -> HTTPServerResponse {
        let body = form.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(FormDecoding.encode($0.value))" }.joined(separator: "&")
        return await simulator.handle(
            HTTPServerRequest(
                method: "POST", target: path,
                headers: [("content-type", "application/x-www-form-urlencoded")] + headers, body: Array(body.utf8)))
    }

    /// The JSON object of a body.
    static func object(_ body: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    /// A decoded `/logs` page: entry ids, their seconds, and `next_cursor`.
    struct Page {
        var ids: [String]
        var dates: [Int64]
        var cursor: String
    }

    static func page(_ response: HTTPServerResponse) throws -> Page {
        #expect(response.status == 200)
        let root = try object(response.body)
        let entries = try #require(root["entries"] as? [[String: Any]])
        let metadata = try #require(root["response_metadata"] as? [String: Any])
        let cursor = try #require(metadata["next_cursor"] as? String)
        return Page(
            ids: entries.compactMap { $0["id"] as? String },
            dates: entries.compactMap { ($0["date_create"] as? NSNumber)?.int64Value }, cursor: cursor)
    }

    /// One page of `GET /audit/v1/logs?<query>` (no query string when `query` is empty).
    static func logs(_ simulator: SlackSimulator, _ query: String = "") async throws -> Page {
        try page(await get(simulator, query.isEmpty ? "/audit/v1/logs" : "/audit/v1/logs?" + query))
    }

    /// Every entry of a query, page by page; `resend` re-sends the query with each cursor.
    static func all(_ simulator: SlackSimulator, query: String, resend: Bool = true, maxPages: Int = 10_000)
        async throws -> (ids: [String], pages: Int)
    {
        var ids: [String] = []
        var target = "/audit/v1/logs?" + query
        for pages in 1...maxPages {
            let page = try page(await get(simulator, target))
            ids += page.ids
            if page.cursor.isEmpty { return (ids, pages) }
            let cursor = "cursor=" + FormDecoding.encode(page.cursor)
            target = "/audit/v1/logs?" + (resend ? query + "&" + cursor : cursor)
        }
        Issue.record("more than \(maxPages) pages")
        return (ids, maxPages)
    }

    /// The `error` of a JSON error body.
    static func errorCode(_ response: HTTPServerResponse) -> String? {
        (try? object(response.body))?["error"] as? String
    }
}

@Suite("Simulator test fixtures")
struct SimulatorFixtureTests {
    @Test("hand-built entries are valid JSON with the indexed fields")
    func entriesAreJSON() throws {
        for entry in SimFixture.entries(count: 10) {
            let object = try SimFixture.object(entry.json)
            #expect(object["id"] as? String == entry.id)
            #expect((object["date_create"] as? NSNumber)?.int64Value == entry.dateCreate)
        }
    }
}
