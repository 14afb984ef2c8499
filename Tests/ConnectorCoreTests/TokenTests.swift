import ConnectorCore
import Foundation
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeSlackSimulator
import PalisadeWire
import Testing

@Suite("Connector against the Slack simulator: tokens")
struct TokenTests {
    static let scenario = ConnectorHarness.scenario(entries: 3_000, seed: 21)

    private static func expectInvalid(_ harness: ConnectorHarness, token: String, mentioning text: String) async {
        do {
            _ = try await harness.service.addConnection(token: token, backfillDays: 7, credential: "token")
            Issue.record("token \(token) was accepted")
        } catch let error as ConnectorError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(text), "\(error.message)")
            #expect(!error.message.contains(token))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a wrong, workspace-level or unscoped token is refused with the reason; nothing is stored")
    func refusals() async throws {
        try await ConnectorHarness.with(entries: []) { harness in
            harness.simulator.addToken(SimulatorToken("xoxp-workspace-1", installation: .workspace(teamID: "T0SALES001")))
            harness.simulator.addToken(SimulatorToken("xoxp-unscoped-1", scopes: ["users:read"]))
            await Self.expectInvalid(harness, token: "xoxp-not-a-token", mentioning: "Slack rejected the token")
            await Self.expectInvalid(harness, token: "xoxp-workspace-1", mentioning: "workspace")
            await Self.expectInvalid(harness, token: "xoxp-unscoped-1", mentioning: "auditlogs:read")
            #expect(try await harness.service.list().connections.isEmpty)
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 1, credential: "token")
            do {
                _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 1, credential: "token")
                Issue.record("a second connection to the same org was accepted")
            } catch let error as ConnectorError {
                #expect(error.code == .alreadyExists)
            }
        }
    }

    @Test("a revoked token stops polling with an actionable error; Sync retries")
    func revoked() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let connected = try await harness.waitUntil { try await harness.connection()?.state == .connected }
            #expect(connected)
            #expect(harness.simulator.revoke(token: ConnectorHarness.token))
            let stopped = try await harness.waitUntil(timeout: .seconds(20)) {
                let state = try await harness.connection()?.state
                return state == .error
            }
            #expect(stopped)
            let info = try #require(try await harness.connection())
            #expect(info.statusText.hasPrefix("Error: Slack rejected the token"), "\(info.statusText)")
            #expect(info.statusText.contains("palisade connect slack"))
            let requests = harness.simulator.stats.logsRequests
            try await Task.sleep(for: .seconds(1.5))  // five poll intervals
            #expect(harness.simulator.stats.logsRequests == requests, "a stopped connection must not poll")
            #expect(try await harness.connection()?.state == .error)
            #expect(harness.receiver.distinctCount == Self.scenario.entries.count)
        }
    }

    @Test("the OAuth flow connects; a rotating token is refreshed before it expires and polling goes on")
    func rotation() async throws {
        let app = SimulatorOAuthApp(tokenRotation: true, tokenLifetime: 6)
        var settings = ConnectorHarness.fastSettings
        settings.refreshMargin = 4
        let simulator = SlackSimulatorConfiguration(oauthApp: app, rateLimitPerMinute: 0)
        // The harness's base URL is only known once it runs: make the OAuth settings inside.
        try await ConnectorHarness.with(entries: Self.scenario.entries, simulator: simulator, settings: settings,
                                        oauth: OAuthAppSettings(clientID: app.clientID, clientSecret: app.clientSecret,
                                                                authorizeURL: "https://localhost/oauth/v2/authorize")) { harness in
            let redirect = "http://127.0.0.1:9/callback"
            let begin = try harness.service.beginOAuth(redirectURI: redirect)
            // Point the browser step at the simulator (same path and query).
            let path = String(begin.authorizeURL.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            let approval = try await harness.http.send(HTTPRequest(method: "GET", url: harness.slackBase + path))
            #expect(approval.status == 302)
            let location = try #require(approval.header("location"))
            let query = try #require(URLComponents(string: location)?.queryItems)
            let codeItem = query.first { $0.name == "code" }
            let code = try #require(codeItem?.value)
            let state = query.first(where: { $0.name == "state" })?.value
            #expect(state == begin.state)
            let info = try await harness.service.completeOAuth(CompleteOAuthRequest(code: code, state: begin.state, redirectURI: redirect))
            #expect(info.credential == "oauth+rotation")
            let first = try await harness.store.credentials(info.id)
            #expect(first.accessToken.hasPrefix("xoxe.xoxp-"))
            let backfilled = try await harness.waitUntil(timeout: .seconds(30)) { harness.receiver.distinctCount >= Self.scenario.entries.count }
            #expect(backfilled)
            // Past the first token's lifetime: it has been replaced, and polls still succeed.
            let refreshed = try await harness.waitUntil(timeout: .seconds(20)) {
                try await harness.store.credentials(info.id).accessToken != first.accessToken
            }
            #expect(refreshed)
            try await Task.sleep(for: .seconds(7))
            var source = LiveEntrySource(organization: Self.scenario.organization, seed: 5)
            let fresh = (0..<20).map { source.next(at: Int64(Date().timeIntervalSince1970) - 2 + Int64($0 % 2)) }
            harness.simulator.append(fresh)
            let arrived = try await harness.waitUntil(timeout: .seconds(15)) {
                harness.receiver.distinctCount >= Self.scenario.entries.count + fresh.count
            }
            #expect(arrived)
            #expect(try await harness.connection()?.state == .connected)
        }
    }
}
