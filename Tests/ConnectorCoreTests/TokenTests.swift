import ConnectorCore
import Foundation
import GRDB
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeSlackSimulator
import PalisadeStorage
import PalisadeWire
import Testing

@Suite("Connector against the Slack simulator: tokens")
struct TokenTests {
    static let scenario = ConnectorHarness.scenario(entries: 3_000, seed: 21)

    private static func expectInvalid(
        _ harness: ConnectorHarness, token: String, backfillDays: Int = 7, mentioning text: String
    ) async {
        do {
            _ = try await harness.service.addConnection(token: token, backfillDays: backfillDays, credential: "token")
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
            // Over RPC the same bound as sync.backfillDays in the configuration (0: that setting).
            await Self.expectInvalid(harness, token: ConnectorHarness.token, backfillDays: 366, mentioning: "backfillDays is 366")
            await Self.expectInvalid(harness, token: ConnectorHarness.token, backfillDays: -1, mentioning: "1…365")
            #expect(try await harness.service.list().connections.isEmpty)
            let first = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 1, credential: "token")
            // The same organisation again: the same connection, with the new token.
            let again = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 1, credential: "token")
            #expect(again.id == first.id)
            #expect(try await harness.service.list().connections.count == 1)
        }
    }

    @Test("a revoked token stops polling with an actionable error whose advice works: connecting again with a new token resumes in place")
    func revokedThenReconnected() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries) { harness in
            let first = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let connected = try await harness.waitUntil { try await harness.connection()?.state == .connected }
            #expect(connected)
            #expect(harness.simulator.revoke(token: ConnectorHarness.token))
            let stopped = try await harness.waitUntil(timeout: .seconds(20)) { try await harness.connection()?.state == .error }
            #expect(stopped)
            let before = try #require(try await harness.connection())
            #expect(before.statusText.contains("palisade connect slack"), "\(before.statusText)")

            // What the status says: `palisade connect slack` with a fresh token of the same org.
            harness.simulator.addToken(SimulatorToken("xoxp-reinstalled-1"))
            let again = try await harness.service.addConnection(token: "xoxp-reinstalled-1", backfillDays: 7, credential: "token")
            #expect(again.id == first.id && again.state == .connected, "\(again.statusText)")
            #expect(again.watermark == before.watermark, "the position is kept")
            #expect(try await harness.store.credentials(first.id).accessToken == "xoxp-reinstalled-1")
            var source = LiveEntrySource(organization: Self.scenario.organization, seed: 9)
            let fresh = (0..<10).map { source.next(at: Int64(Date().timeIntervalSince1970) - 1 - Int64($0 % 2)) }
            harness.simulator.append(fresh)
            let expected = Self.scenario.entries.count + fresh.count
            let arrived = try await harness.waitUntil(timeout: .seconds(15)) { harness.receiver.distinctCount >= expected }
            #expect(arrived, "\(harness.receiver.distinctCount) of \(expected)")
            #expect(harness.receiver.ids.count == expected, "nothing is fetched twice")
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

            // The token is valid again (re-authorised); Sync retries, saying so until a poll succeeds.
            harness.simulator.addToken(SimulatorToken.development)
            let synced = try await harness.service.sync(info.id)
            #expect(synced.state == .retrying && synced.statusText.contains("retrying on request"), "\(synced.statusText)")
            let recovered = try await harness.waitUntil(timeout: .seconds(10)) { try await harness.connection()?.state == .connected }
            #expect(recovered)
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
        try await ConnectorHarness.with(
            entries: Self.scenario.entries, simulator: simulator, settings: settings,
            oauth: OAuthAppSettings(
                clientID: app.clientID, clientSecret: app.clientSecret,
                authorizeURL: "https://localhost/oauth/v2/authorize")
        ) { harness in
            let info = try await Self.connectWithOAuth(harness)
            #expect(info.credential == "oauth+rotation")
            let first = try await harness.store.credentials(info.id)
            #expect(first.accessToken.hasPrefix("xoxe.xoxp-"))
            let backfilled = try await harness.waitUntil(timeout: .seconds(30)) {
                harness.receiver.distinctCount >= Self.scenario.entries.count
            }
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

    /// Connects through the OAuth flow (the browser step pointed at the simulator); returns the connection.
    private static func connectWithOAuth(_ harness: ConnectorHarness) async throws -> ConnectionInfo {
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
        return try await harness.service.completeOAuth(CompleteOAuthRequest(code: code, state: begin.state, redirectURI: redirect))
    }

    /// A connection made through OAuth with `app`'s rotating tokens (refreshed 4 s before they
    /// expire), 500 entries to fetch; `body` gets it with the first stored pair.
    private static func withRotatingToken(
        _ app: SimulatorOAuthApp, _ body: (ConnectorHarness, ConnectionInfo, SlackCredentials) async throws -> Void
    ) async throws {
        var settings = ConnectorHarness.fastSettings
        settings.refreshMargin = 4
        try await ConnectorHarness.with(
            entries: Array(Self.scenario.entries.prefix(500)),
            simulator: SlackSimulatorConfiguration(oauthApp: app, rateLimitPerMinute: 0), settings: settings,
            oauth: OAuthAppSettings(
                clientID: app.clientID, clientSecret: app.clientSecret,
                authorizeURL: "https://localhost/oauth/v2/authorize")
        ) { harness in
            let info = try await Self.connectWithOAuth(harness)
            try await body(harness, info, try await harness.store.credentials(info.id))
        }
    }

    /// Spends a refresh token as the connector would have just before a crash: Slack issued a
    /// new pair, and the connector never stored it.
    private static func spend(_ refreshToken: String, app: SimulatorOAuthApp, harness: ConnectorHarness) async throws -> Bool {
        let form = "grant_type=refresh_token&client_id=\(app.clientID)&client_secret=\(app.clientSecret)&refresh_token=\(refreshToken)"
        let response = try await harness.http.send(
            HTTPRequest(
                method: "POST", url: harness.slackBase + "/api/oauth.v2.access",
                headers: HTTPHeaders([(name: "content-type", value: "application/x-www-form-urlencoded")]), body: Array(form.utf8)))
        return String(decoding: response.body, as: UTF8.self).contains(#""ok":true"#)
    }

    @Test(
        "a refresh whose new pair was lost (crash before storing) is redone with the old refresh token within Slack's grace",
        arguments: [(grace: Int64(60), survives: true), (grace: Int64(0), survives: false)])
    func lostRefresh(grace: Int64, survives: Bool) async throws {
        let app = SimulatorOAuthApp(tokenRotation: true, tokenLifetime: 8, refreshGrace: grace)
        try await Self.withRotatingToken(app) { harness, info, stored in
            let refreshToken = try #require(stored.refreshToken)
            // Within the first seconds nothing is due for refresh (8 s lifetime, 4 s margin).
            let spent = try await Self.spend(refreshToken, app: app, harness: harness)
            #expect(spent)
            // The connector refreshes with the same token once its access token is within the margin.
            let replaced = try await harness.waitUntil(timeout: .seconds(15)) {
                let state = try await harness.connection()?.state
                let current = try await harness.store.credentials(info.id)
                return current.accessToken != stored.accessToken || state == .error
            }
            #expect(replaced)
            let final = try #require(try await harness.connection())
            if survives {
                #expect(final.state == .connected, "\(final.statusText)")
            } else {
                #expect(final.state == .error)
                #expect(
                    final.statusText.contains("invalid_refresh_token") && final.statusText.contains("palisade connect slack --oauth"),
                    "\(final.statusText)")
            }
        }
    }

    @Test("a refreshed pair that cannot be stored (disk full) is kept and stored once writes work again; the old one is spent")
    func refreshedPairKeptWhenSaveFails() async throws {
        // No grace: once refreshed, the old refresh token is dead, so losing the new pair is fatal.
        let app = SimulatorOAuthApp(tokenRotation: true, tokenLifetime: 6, refreshGrace: 0)
        try await Self.withRotatingToken(app) { harness, info, stored in
            // Token writes fail on the store's (only) writer connection, as on a full disk.
            try await harness.store.database.write { db in
                try db.execute(
                    sql: """
                        CREATE TEMP TRIGGER refuse_tokens BEFORE UPDATE OF access_token ON connections
                        BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END
                        """)
            }
            // Past the access token's lifetime: a refresh has certainly been made, and not stored.
            try await Task.sleep(for: .seconds(7))
            #expect(try await harness.store.credentials(info.id).accessToken == stored.accessToken)
            try await harness.store.database.write { db in try db.execute(sql: "DROP TRIGGER refuse_tokens") }
            let replaced = try await harness.waitUntil(timeout: .seconds(15)) {
                try await harness.store.credentials(info.id).accessToken != stored.accessToken
            }
            #expect(replaced)
            let healthy = try await harness.waitUntil(timeout: .seconds(15)) { try await harness.connection()?.state == .connected }
            let final = try await harness.connection()
            #expect(healthy, "\(final?.statusText ?? "no connection")")
        }
    }
}
