import Foundation
import PalisadeRPC
import Testing

@testable import PalisadeSlackSimulator

/// The OAuth install flow, token rotation and `auth.test` of slack-api.md §2.
@Suite("Simulator: OAuth, rotation, auth.test")
struct SimulatorOAuthTests {
    private static let app = SimulatorOAuthApp(
        clientID: "111.222", clientSecret: "s3cret",
        redirectURLs: ["https://palisade.example/oauth"])
    private static let redirect = "https://palisade.example/oauth/callback"

    private func simulator(rotation: Bool = false, clock: SimulatorClock = SimulatorClock(now: SimFixture.base))
        -> SlackSimulator
    {
        SimFixture.simulator([]) { configuration in
            var app = Self.app
            app.tokenRotation = rotation
            configuration.oauthApp = app
            configuration.clock = clock
        }
    }

    /// Runs the authorize step; returns the redirect's query fields.
    private func authorize(
        _ simulator: SlackSimulator, clientID: String = app.clientID,
        redirect: String? = redirect
    ) async throws -> [String: String] {
        var query = "client_id=\(clientID)&user_scope=auditlogs:read,users:read&state=xyz%20123"
        if let redirect { query += "&redirect_uri=" + FormDecoding.encode(redirect) }
        let response = await SimFixture.get(simulator, "/oauth/v2/authorize?" + query, token: nil)
        #expect(response.status == 302)
        let locationHeader = response.headers.first { $0.name == "location" }?.value
        let location = try #require(locationHeader)
        #expect(location.hasPrefix(redirect ?? Self.app.redirectURLs[0]))
        let q = try #require(location.firstIndex(of: "?"))
        return try FormDecoding.fields(location[location.index(after: q)...])
    }

    private func exchange(_ simulator: SlackSimulator, _ form: [String: String], basic: Bool = false) async throws
        -> [String: Any]
    {
        var form = form
        var headers: [(name: String, value: String)] = []
        if basic {
            headers.append(("authorization", "Basic " + Data("\(Self.app.clientID):\(Self.app.clientSecret)".utf8).base64EncodedString()))
        } else {
            form["client_id"] = form["client_id"] ?? Self.app.clientID
            form["client_secret"] = form["client_secret"] ?? Self.app.clientSecret
        }
        let response = await SimFixture.post(simulator, "/api/oauth.v2.access", form: form, headers: headers)
        #expect(response.status == 200)
        return try SimFixture.object(response.body)
    }

    @Test("authorize → code → oauth.v2.access: an org-install user token that reads the audit log")
    func codeFlow() async throws {
        let simulator = simulator()
        let fields = try await authorize(simulator)
        #expect(fields["state"] == "xyz 123")
        let code = try #require(fields["code"])
        let answer = try await exchange(simulator, ["code": code, "redirect_uri": Self.redirect], basic: true)
        #expect(answer["ok"] as? Bool == true)
        #expect(answer["team"] is NSNull)
        #expect(answer["is_enterprise_install"] as? Bool == true)
        #expect((answer["enterprise"] as? [String: Any])?["id"] as? String == "E0CONTOSO1")
        let user = try #require(answer["authed_user"] as? [String: Any])
        #expect(user["token_type"] as? String == "user")
        #expect(user["scope"] as? String == "auditlogs:read,users:read")
        #expect(user["id"] as? String == "W0OWNER001")
        let token = try #require(user["access_token"] as? String)
        #expect(token.hasPrefix("xoxp-"))
        #expect(user["refresh_token"] == nil && user["expires_in"] == nil)
        #expect(await SimFixture.get(simulator, "/audit/v1/logs", token: token).status == 200)

        let again = try await exchange(simulator, ["code": code, "redirect_uri": Self.redirect])
        #expect(again["error"] as? String == "invalid_code", "codes are single-use")
    }

    @Test("oauth.v2.access errors: invalid_client_id, bad_client_secret, invalid_code, bad_redirect_uri, invalid_grant_type")
    func exchangeErrors() async throws {
        let simulator = simulator()
        let code = try #require(try await authorize(simulator)["code"])
        #expect(try await exchange(simulator, ["code": code, "client_id": "999"])["error"] as? String == "invalid_client_id")
        #expect(try await exchange(simulator, ["code": code, "client_secret": "wrong"])["error"] as? String == "bad_client_secret")
        #expect(try await exchange(simulator, ["code": "nope"])["error"] as? String == "invalid_code")
        #expect(try await exchange(simulator, ["code": code])["error"] as? String == "bad_redirect_uri")
        #expect(
            try await exchange(simulator, ["code": code, "redirect_uri": "https://palisade.example/oauth/other"])["error"] as? String
                == "bad_redirect_uri")
        #expect(try await exchange(simulator, ["code": code, "grant_type": "password"])["error"] as? String == "invalid_grant_type")
        #expect(
            try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": "xoxe-1-x"])["error"] as? String
                == "invalid_refresh_token")
        #expect(try await exchange(simulator, ["code": code, "redirect_uri": Self.redirect])["ok"] as? Bool == true)
        let garbage = await simulator.handle(
            HTTPServerRequest(
                method: "POST", target: "/api/oauth.v2.access",
                headers: [("content-type", "application/x-www-form-urlencoded")],
                body: [0xFF, 0x25, 0x00]))
        #expect(SimFixture.errorCode(garbage) == "invalid_form_data")
    }

    @Test("a code expires after 10 minutes")
    func codeExpiry() async throws {
        let clock = SimulatorClock(now: SimFixture.base)
        let simulator = simulator(clock: clock)
        let code = try #require(try await authorize(simulator, redirect: nil)["code"])
        clock.advance(seconds: 601)
        #expect(try await exchange(simulator, ["code": code])["error"] as? String == "invalid_code")
    }

    @Test("authorize: a wrong client_id comes back as error=invalid_client_id; a foreign redirect_uri gets 400")
    func authorizeErrors() async throws {
        let simulator = simulator()
        let fields = try await authorize(simulator, clientID: "999")
        #expect(fields["error"] == "invalid_client_id" && fields["code"] == nil && fields["state"] == "xyz 123")
        let foreign = await SimFixture.get(
            simulator, "/oauth/v2/authorize?client_id=111.222&user_scope=auditlogs:read&redirect_uri=https%3A%2F%2Fevil.example%2F",
            token: nil)
        #expect(foreign.status == 400)
        let badQuery = await SimFixture.get(simulator, "/oauth/v2/authorize?client_id=%G0", token: nil)
        #expect(badQuery.status == 400)
    }

    /// A simulator whose app rotates tokens, and the `authed_user` of a first grant through it.
    private func rotatingGrant(clock: SimulatorClock) async throws -> (SlackSimulator, [String: Any]) {
        let simulator = simulator(rotation: true, clock: clock)
        let code = try #require(try await authorize(simulator)["code"])
        let answer = try await exchange(simulator, ["code": code, "redirect_uri": Self.redirect])
        return (simulator, try #require(answer["authed_user"] as? [String: Any]))
    }

    @Test("rotation: xoxe tokens expire; refresh tokens are single-use; at most two live tokens per grant")
    func rotation() async throws {
        let clock = SimulatorClock(now: SimFixture.base)
        let (simulator, first) = try await rotatingGrant(clock: clock)
        let token1 = try #require(first["access_token"] as? String)
        #expect(token1.hasPrefix("xoxe.xoxp-"))
        #expect(first["expires_in"] as? Int == 43_200)
        var refresh = try #require(first["refresh_token"] as? String)
        #expect(refresh.hasPrefix("xoxe-1-"))

        let second = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        let token2 = try #require(second["access_token"] as? String)
        #expect(second["token_type"] as? String == "user" && second["expires_in"] as? Int == 43_200)
        #expect(second["is_enterprise_install"] as? Bool == true && second["team"] is NSNull)
        clock.advance(seconds: 60)  // the grace period of a spent refresh token
        let reused = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        #expect(reused["error"] as? String == "invalid_refresh_token")
        refresh = try #require(second["refresh_token"] as? String)
        #expect(
            await SimFixture.get(simulator, "/audit/v1/logs", token: token1).status == 200, "refreshing does not kill the current token")

        let third = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        let token3 = try #require(third["access_token"] as? String)
        #expect(SimFixture.errorCode(await SimFixture.get(simulator, "/audit/v1/logs", token: token1)) == "token_revoked")
        #expect(await SimFixture.get(simulator, "/audit/v1/logs", token: token2).status == 200)

        clock.advance(seconds: 43_200)
        let expired = await SimFixture.get(simulator, "/audit/v1/logs", token: token3)
        #expect(expired.status == 401 && SimFixture.errorCode(expired) == "token_expired")
        let test = await SimFixture.post(simulator, "/api/auth.test", headers: [("authorization", "Bearer \(token3)")])
        #expect(SimFixture.errorCode(test) == "token_expired" && test.status == 200)
    }

    @Test("rotation: a spent refresh token works again within the grace period (a client that lost the new pair), never after")
    func refreshGrace() async throws {
        let clock = SimulatorClock(now: SimFixture.base)
        let (simulator, first) = try await rotatingGrant(clock: clock)
        let refresh = try #require(first["refresh_token"] as? String)
        let lost = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        let lostToken = try #require(lost["access_token"] as? String)

        clock.advance(seconds: 59)
        let retried = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        let retriedToken = try #require(retried["access_token"] as? String)
        #expect(retriedToken != lostToken, "a new pair, not the lost one")
        #expect(await SimFixture.get(simulator, "/audit/v1/logs", token: retriedToken).status == 200)

        clock.advance(seconds: 1)
        let late = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": refresh])
        #expect(late["error"] as? String == "invalid_refresh_token")
        // The grace runs from the first use: the retry did not extend it.
        let newRefresh = try #require(retried["refresh_token"] as? String)
        let next = try await exchange(simulator, ["grant_type": "refresh_token", "refresh_token": newRefresh])
        #expect(next["ok"] as? Bool == true)
    }

    @Test("auth.test: the org-level answer of §2.5 with x-oauth-scopes, and the Web API's errors with HTTP 200")
    func authTest() async throws {
        let clock = SimulatorClock(now: SimFixture.base)
        let simulator = SimFixture.simulator([]) { configuration in
            configuration.clock = clock
            configuration.tokens.append(SimulatorToken("xoxe.xoxp-1-rot", expiresAt: SimFixture.base + 100))
        }
        let response = await SimFixture.post(simulator, "/api/auth.test", headers: [("authorization", "Bearer \(SimFixture.token)")])
        #expect(response.status == 200)
        let scopes = response.headers.first { $0.name == "x-oauth-scopes" }?.value
        #expect(scopes == "auditlogs:read")
        let answer = try SimFixture.object(response.body)
        #expect(answer["ok"] as? Bool == true)
        #expect(answer["team_id"] as? String == "E0CONTOSO1" && answer["enterprise_id"] as? String == "E0CONTOSO1")
        #expect(answer["is_enterprise_install"] as? Bool == true)
        #expect(answer["url"] as? String == "https://contoso.enterprise.slack.com/")
        #expect(answer["user_id"] as? String == "W0OWNER001" && answer["user"] as? String == "owner")
        #expect(answer["expires_in"] == nil)

        let rotating = try SimFixture.object(await SimFixture.post(simulator, "/api/auth.test", form: ["token": "xoxe.xoxp-1-rot"]).body)
        #expect(rotating["expires_in"] as? Int == 100)

        #expect(SimFixture.errorCode(await SimFixture.post(simulator, "/api/auth.test")) == "not_authed")
        #expect(SimFixture.errorCode(await SimFixture.post(simulator, "/api/auth.test", form: ["token": "xoxp-unknown"])) == "invalid_auth")
        simulator.revoke(token: SimFixture.token)
        let revoked = await SimFixture.post(simulator, "/api/auth.test", headers: [("authorization", "Bearer \(SimFixture.token)")])
        #expect(revoked.status == 200 && SimFixture.errorCode(revoked) == "token_revoked")
        #expect(SimFixture.errorCode(await SimFixture.post(simulator, "/api/nope.method")) == "unknown_method")
    }
}
