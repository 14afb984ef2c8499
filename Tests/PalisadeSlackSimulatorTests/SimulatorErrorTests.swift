import Foundation
import PalisadeRPC
import PalisadeSlackCatalogue
import Testing

@testable import PalisadeSlackSimulator

/// Every Audit Logs error code and status of slack-api.md §1.6 (documented or assumed), and the
/// unauthenticated catalogue endpoints of §1.1.
@Suite("Simulator: Audit Logs errors")
struct SimulatorErrorTests {
    private let logs = "/audit/v1/logs"

    private func expect(
        _ response: HTTPServerResponse, _ status: Int, _ code: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, sourceLocation: sourceLocation)
        if let code {
            #expect(SimFixture.errorCode(response) == code, sourceLocation: sourceLocation)
            #expect(
                String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"ok":false,"error":"#),
                sourceLocation: sourceLocation)
        } else {
            #expect(response.body.isEmpty, "an unknown token gets an empty body", sourceLocation: sourceLocation)
        }
    }

    @Test("missing or malformed Authorization → 401 missing_authentication")
    func missingAuthentication() async {
        let simulator = SimFixture.simulator([])
        expect(await SimFixture.get(simulator, logs, token: nil), 401, "missing_authentication")
        for header in ["Basic abc", "Bearer", "Bearer a b", "xoxp-token"] {
            let response = await simulator.handle(
                HTTPServerRequest(
                    method: "GET", target: logs,
                    headers: [("authorization", header)]))
            expect(response, 401, "missing_authentication")
        }
    }

    @Test("an unknown token → 401 with an empty body")
    func unknownToken() async {
        expect(await SimFixture.get(SimFixture.simulator([]), logs, token: "dummy"), 401, nil)
    }

    @Test(
        "token kinds: no auditlogs:read → 401 invalid_authentication; workspace install → 403 team_not_authorized; not an owner → 403 user_not_authorized"
    )
    func wrongTokens() async {
        let simulator = SimFixture.simulator([]) { configuration in
            configuration.tokens += [
                SimulatorToken("xoxp-noscope", scopes: ["users:read"]),
                SimulatorToken("xoxp-workspace", installation: .workspace(teamID: "T0000000001")),
                SimulatorToken("xoxp-admin", isOrgOwner: false),
                SimulatorToken("xoxp-expired", expiresAt: SimFixture.base),
            ]
        }
        expect(await SimFixture.get(simulator, logs, token: "xoxp-noscope"), 401, "invalid_authentication")
        expect(await SimFixture.get(simulator, logs, token: "xoxp-workspace"), 403, "team_not_authorized")
        expect(await SimFixture.get(simulator, logs, token: "xoxp-admin"), 403, "user_not_authorized")
        expect(await SimFixture.get(simulator, logs, token: "xoxp-expired"), 401, "token_expired")
    }

    @Test("a revoked token → 401 token_revoked")
    func revoked() async {
        let simulator = SimFixture.simulator([])
        #expect(await SimFixture.get(simulator, logs).status == 200)
        #expect(simulator.revoke(token: SimFixture.token))
        #expect(!simulator.revoke(token: "xoxp-never-heard-of"))
        expect(await SimFixture.get(simulator, logs), 401, "token_revoked")
    }

    @Test("feature switched off → 403 feature_not_enabled")
    func featureNotEnabled() async {
        let simulator = SimFixture.simulator([])
        simulator.setFeatureEnabled(false)
        expect(await SimFixture.get(simulator, logs), 403, "feature_not_enabled")
        simulator.setFeatureEnabled(true)
        #expect(await SimFixture.get(simulator, logs).status == 200)
    }

    @Test("unknown path under /audit/v1 → 404 bad_endpoint; other methods → 405 method_not_allowed")
    func endpointsAndMethods() async {
        let simulator = SimFixture.simulator([])
        for path in ["/audit/v1/log", "/audit/v1/logs/", "/audit/v1", "/audit/v1/"] {
            expect(await SimFixture.get(simulator, path), 404, "bad_endpoint")
        }
        for method in ["POST", "PUT", "DELETE", "HEAD"] {
            let response = await simulator.handle(
                HTTPServerRequest(
                    method: method, target: logs,
                    headers: [("authorization", "Bearer \(SimFixture.token)")]))
            expect(response, 405, "method_not_allowed")
        }
    }

    @Test("action: more than 30, an unknown name or an empty item → 400 invalid_action")
    func invalidAction() async {
        let simulator = SimFixture.simulator([])
        let thirty = Array(SlackAuditCatalogue.actionNames.sorted().prefix(31))
        #expect(await SimFixture.get(simulator, logs + "?action=" + thirty.prefix(30).joined(separator: ",")).status == 200)
        expect(await SimFixture.get(simulator, logs + "?action=" + thirty.joined(separator: ",")), 400, "invalid_action")
        expect(await SimFixture.get(simulator, logs + "?action=no_such_action"), 400, "invalid_action")
        expect(await SimFixture.get(simulator, logs + "?action=user_login,,file_downloaded"), 400, "invalid_action")
    }

    @Test("oldest > latest, a window in the future or ending before March 2018 → 400 invalid_range")
    func invalidRange() async {
        let simulator = SimFixture.simulator([])
        let now = SimFixture.base + 86_400
        expect(await SimFixture.get(simulator, logs + "?oldest=\(now - 10)&latest=\(now - 20)"), 400, "invalid_range")
        expect(await SimFixture.get(simulator, logs + "?oldest=\(now + 60)"), 400, "invalid_range")
        expect(await SimFixture.get(simulator, logs + "?latest=1519862399"), 400, "invalid_range")
        #expect(await SimFixture.get(simulator, logs + "?oldest=0&latest=\(now + 3600)").status == 200)
        expect(await SimFixture.get(simulator, logs + "?oldest=yesterday"), 400, "invalid_arguments")
    }

    @Test("a cursor the simulator did not issue → 400 invalid_cursor")
    func invalidCursor() async {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10))
        let forged = CursorRegistry.encode(SimFixture.base + 5)
        for cursor in ["garbage", "dXNlcjpVMEc5V0ZYTlo%3D", FormDecoding.encode(forged), String(repeating: "A", count: 5000)] {
            expect(await SimFixture.get(simulator, logs + "?cursor=" + cursor), 400, "invalid_cursor")
        }
    }

    @Test("only the newest cursors are remembered")
    func boundedCursors() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 10)) { $0.maxIssuedCursors = 2 }
        let first = try await SimFixture.logs(simulator, "limit=1")
        var cursor = first.cursor
        for _ in 0..<3 {
            cursor = try await SimFixture.logs(simulator, "limit=1&cursor=" + FormDecoding.encode(cursor)).cursor
        }
        expect(await SimFixture.get(simulator, logs + "?cursor=" + FormDecoding.encode(first.cursor)), 400, "invalid_cursor")
        #expect(await SimFixture.get(simulator, logs + "?cursor=" + FormDecoding.encode(cursor)).status == 200)
    }

    @Test("malformed query strings get 400, never a crash")
    func malformedQueries() async {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 3))
        for query in ["?limit=%", "?limit=%zz", "?actor=%ff%fe", "?oldest=1e9", "?latest=--1"] {
            let response = await SimFixture.get(simulator, logs + query)
            expect(response, 400, "invalid_arguments")
        }
        for query in ["?", "?&&", "?=", "?limit", "?x=1&&y", "?limit=5&limit=oops"] {
            #expect(await SimFixture.get(simulator, logs + query).status == 200, "\(query)")
        }
    }

    @Test("the org-wide rate limit → 429 rate_limited with Retry-After, on every /audit/v1 endpoint")
    func rateLimit() async throws {
        let simulator = SimFixture.simulator([]) { configuration in
            configuration.rateLimitPerMinute = 6
            configuration.rateLimitBurst = 2
        }
        #expect(await SimFixture.get(simulator, logs).status == 200)
        #expect(await SimFixture.get(simulator, "/audit/v1/schemas", token: nil).status == 200)
        let limited = await SimFixture.get(simulator, logs)
        expect(limited, 429, "rate_limited")
        let retryAfterHeader = limited.headers.first { $0.name == "retry-after" }?.value
        let retryAfter = try #require(retryAfterHeader)
        #expect((1...10).contains(Int(retryAfter) ?? 0))
        expect(await SimFixture.get(simulator, "/audit/v1/actions", token: nil), 429, "rate_limited")
        #expect(simulator.stats.rateLimited == 2)
    }

    @Test("/schemas and /actions need no token and serve shared/ byte for byte")
    func catalogues() async throws {
        let simulator = SimFixture.simulator([])
        for (path, body) in [("/audit/v1/schemas", SlackAuditCatalogue.schemas), ("/audit/v1/actions", SlackAuditCatalogue.actions)] {
            for token in [nil, "dummy"] {
                let response = await SimFixture.get(simulator, path, token: token)
                #expect(response.status == 200)
                #expect(response.body == body)
            }
            _ = try SimFixture.object(body)
        }
        #expect(SlackAuditCatalogue.actionNames.count > 700)
        #expect(SlackAuditCatalogue.actionNames.contains("user_login"))
        for name in ["actions", "schemas"] {
            let path = "/work/shared/slack-audit-v1-\(name).json"
            guard let original = FileManager.default.contents(atPath: path) else { continue }
            let copy = name == "actions" ? SlackAuditCatalogue.actions : SlackAuditCatalogue.schemas
            #expect(Array(original) == copy, "\(path) and the generated copy differ: regenerate it")
        }
    }
}
