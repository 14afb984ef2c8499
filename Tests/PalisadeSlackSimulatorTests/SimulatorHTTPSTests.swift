import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeSimulatorTestSupport
import PalisadeSlackCatalogue
import Testing

@testable import PalisadeSlackSimulator

/// The simulator over the wire: HTTP/2 + TLS from `SlackSimulatorServer`, called with libcurl
/// (`HTTPClient`) trusting a test CA, as the connector calls Slack.
@Suite("Simulator: live over HTTPS")
struct SimulatorHTTPSTests {
    private func withServer(
        _ simulator: SlackSimulator, allowHTTP2: Bool = true,
        _ body: (_ base: String, _ client: HTTPClient) async throws -> Void
    ) async throws {
        try await withHTTPSSimulator(serverName: "slack", allowHTTP2: allowHTTP2) { tls, logger in
            try SlackSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        } _: { server, port, client in
            #expect(server.baseURL == "https://127.0.0.1:\(port)")
            try await body("https://localhost:\(port)", client)
        }
    }

    private func get(_ client: HTTPClient, _ url: String, token: String? = SimFixture.token) async throws -> HTTPResponse {
        var request = HTTPRequest(url: url)
        if let token { request.headers["Authorization"] = "Bearer \(token)" }
        return try await client.send(request)
    }

    @Test("paging a window over HTTP/2 + TLS returns every entry once")
    func paging() async throws {
        let entries = SimFixture.entries(count: 600, perSecond: 4)
        try await withServer(SimFixture.simulator(entries)) { base, client in
            var ids: [String] = []
            var cursor = ""
            let query = "oldest=\(SimFixture.base + 10)&latest=\(SimFixture.base + 140)&limit=37"
            repeat {
                let url = base + "/audit/v1/logs?" + query + (cursor.isEmpty ? "" : "&cursor=" + FormDecoding.encode(cursor))
                let response = try await get(client, url)
                #expect(response.httpVersion == "2")
                #expect(response.header("content-type") == "application/json; charset=utf-8")
                let page = try SimFixture.page(HTTPServerResponse(status: response.status, body: response.body))
                ids += page.ids
                cursor = page.cursor
            } while !cursor.isEmpty
            let expected = entries.filter { (SimFixture.base + 10...SimFixture.base + 140).contains($0.dateCreate) }
            #expect(ids == expected.map(\.id).reversed())
        }
    }

    @Test("libcurl over HTTP/1.1 and over HTTP/2 pages the audit log and gets the same entries in the same pages")
    func pagingOverBothVersions() async throws {
        let entries = SimFixture.entries(count: 600, perSecond: 4)
        var pagesByVersion: [String: [[String]]] = [:]
        for allowHTTP2 in [false, true] {
            try await withServer(SimFixture.simulator(entries), allowHTTP2: allowHTTP2) { base, client in
                var pages: [[String]] = []
                var cursor = ""
                var version = ""
                repeat {
                    let url = base + "/audit/v1/logs?limit=50" + (cursor.isEmpty ? "" : "&cursor=" + FormDecoding.encode(cursor))
                    let response = try await get(client, url)
                    version = response.httpVersion
                    let page = try SimFixture.page(HTTPServerResponse(status: response.status, body: response.body))
                    pages.append(page.ids)
                    cursor = page.cursor
                } while !cursor.isEmpty
                pagesByVersion[version] = pages
            }
        }
        #expect(pagesByVersion.keys.sorted() == ["1.1", "2"])
        #expect(pagesByVersion["1.1"] == pagesByVersion["2"])
        #expect(pagesByVersion["1.1"]?.joined().count == 600)
    }

    @Test("over the wire: 401 with an empty body, 429 with Retry-After, schemas without a token")
    func errorsOnTheWire() async throws {
        let simulator = SimFixture.simulator([]) { configuration in
            configuration.rateLimitPerMinute = 1
            configuration.rateLimitBurst = 2
        }
        try await withServer(simulator) { base, client in
            let unknown = try await get(client, base + "/audit/v1/logs", token: "dummy")
            #expect(unknown.status == 401 && unknown.body.isEmpty)
            let schemas = try await get(client, base + "/audit/v1/schemas", token: nil)
            #expect(schemas.status == 200 && schemas.body == SlackAuditCatalogue.schemas)
            let limited = try await get(client, base + "/audit/v1/logs")
            #expect(limited.status == 429)
            #expect(Int(limited.header("retry-after") ?? "") ?? 0 >= 1)
            #expect(String(decoding: limited.body, as: UTF8.self) == #"{"ok":false,"error":"rate_limited"}"#)
        }
    }

    @Test("a broken transfer fails the request; the retry gets the whole page")
    func brokenTransfer() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 2_000)) {
            $0.faults = [SimulatorFault(.brokenTransfer, .nth(1))]
        }
        try await withServer(simulator) { base, client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await get(client, base + "/audit/v1/logs?limit=1000")
            }
            let retry = try await get(client, base + "/audit/v1/logs?limit=1000")
            #expect(try SimFixture.page(HTTPServerResponse(status: retry.status, body: retry.body)).ids.count == 1_000)
        }
    }

    @Test("OAuth over the wire: authorize redirects with a code, oauth.v2.access and auth.test answer")
    func oauth() async throws {
        let simulator = SimFixture.simulator([]) { $0.oauthApp = SimulatorOAuthApp(clientID: "1.2", clientSecret: "s") }
        try await withServer(simulator) { base, client in
            let redirect = "https://palisade.example/cb"
            let authorize = try await get(
                client,
                base + "/oauth/v2/authorize?client_id=1.2&user_scope=auditlogs:read&state=s1&redirect_uri="
                    + FormDecoding.encode(redirect), token: nil)
            #expect(authorize.status == 302)
            let location = try #require(authorize.header("location"))
            let fields = try FormDecoding.fields(location[location.index(after: try #require(location.firstIndex(of: "?")))...])
            let code = try #require(fields["code"])
            var exchange = HTTPRequest(method: "POST", url: base + "/api/oauth.v2.access")
            exchange.headers["Content-Type"] = "application/x-www-form-urlencoded"
            exchange.headers["Authorization"] = "Basic " + Data("1.2:s".utf8).base64EncodedString()
            exchange.body = Array("code=\(FormDecoding.encode(code))&redirect_uri=\(FormDecoding.encode(redirect))".utf8)
            let answer = try SimFixture.object(try await client.send(exchange).body)
            let token = try #require((answer["authed_user"] as? [String: Any])?["access_token"] as? String)
            var test = HTTPRequest(method: "POST", url: base + "/api/auth.test")
            test.headers["Authorization"] = "Bearer \(token)"
            let tested = try await client.send(test)
            #expect(tested.header("x-oauth-scopes") == "auditlogs:read")
            #expect(try SimFixture.object(tested.body)["team_id"] as? String == "E0CONTOSO1")
        }
    }

    @Test("live mode: the feed appends entries, some late, while serving")
    func liveFeed() async throws {
        struct Counter: LiveEntryGenerating {
            var n = 0
            mutating func next(at date: Int64) -> SimEntry {
                n += 1
                return SimFixture.entry("live-\(n)", at: date)
            }
        }
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10))
        let feed = SlackSimulatorLiveFeed(
            simulator: simulator, perSecond: 200, lateSeconds: 30, lateFraction: 0.5,
            tick: .milliseconds(20))
        let task = Task { await feed.run(Counter()) }
        // Wait for progress rather than a fixed time: the shared test machine may starve the task.
        let deadline = ContinuousClock.now + .seconds(20)
        while simulator.entryCount <= 60, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        task.cancel()
        await task.value
        #expect(simulator.entryCount > 30)
        let now = SimFixture.base + 86_400
        let all = try await SimFixture.logs(simulator, "limit=9999&oldest=\(now - 30)")
        #expect(all.ids.count == simulator.entryCount - 10)
        let someArriveLate = all.dates.contains { $0 < now }
        #expect(someArriveLate, "some entries arrive late")
        #expect(all.dates == all.dates.sorted(by: >))
    }

    @Test("cleartext is refused off loopback")
    func plaintextOffLoopback() throws {
        var logger = Logger(label: "simulator-https-test")
        logger.logLevel = .critical
        let server = try SlackSimulatorServer(simulator: SlackSimulator(), host: "0.0.0.0", tls: nil, logger: logger)
        #expect(throws: SlackSimulatorServerError.self) { try server.start() }
    }
}
