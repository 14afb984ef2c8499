import PalisadeHTTPClient
import Testing

@testable import ConnectorCore

@Suite("Slack Web API response mapping (auth.test, oauth.v2.access)")
struct SlackWebAPIResponsesTests {
    static func response(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func authTestError(_ response: HTTPResponse) -> SlackAPIError? {
        do throws(SlackAPIError) {
            _ = try SlackResponses.authTest(response)
            return nil
        } catch {
            return error
        }
    }

    static func grantError(_ response: HTTPResponse) -> SlackAPIError? {
        do throws(SlackAPIError) {
            _ = try SlackResponses.oauthGrant(response)
            return nil
        } catch {
            return error
        }
    }

    @Test func authTestOfAnOrgTokenReadsFieldsAndScopes() throws {
        let body = #"""
            {"ok":true,"url":"https://contoso.enterprise.slack.com/","team":"Contoso","user":"owner",
             "team_id":"E0CONTOSO1","user_id":"W0OWNER001","enterprise_id":"E0CONTOSO1",
             "is_enterprise_install":true,"expires_in":43100,"bot_id":null}
            """#
        let result = try SlackResponses.authTest(
            Self.response(200, body, headers: ["x-oauth-scopes": "auditlogs:read, users:read,users:read.email,"]))
        #expect(
            result
                == AuthTestResult(
                    url: "https://contoso.enterprise.slack.com/", team: "Contoso", user: "owner",
                    teamID: "E0CONTOSO1", userID: "W0OWNER001", enterpriseID: "E0CONTOSO1",
                    isEnterpriseInstall: true, scopes: ["auditlogs:read", "users:read", "users:read.email"],
                    expiresIn: 43100))
    }

    @Test func authTestOfAWorkspaceTokenHasNoEnterprise() throws {
        let body = #"{"ok":true,"url":"https://x.slack.com/","team":"X","user":"grace","team_id":"T1","user_id":"W1"}"#
        let result = try SlackResponses.authTest(Self.response(200, body))
        #expect(result.enterpriseID == nil)
        #expect(!result.isEnterpriseInstall)
        #expect(result.scopes.isEmpty)
        #expect(result.expiresIn == nil)
    }

    @Test(arguments: [
        (#"{"ok":false,"error":"invalid_auth"}"#, 200, SlackAPIError.auth(code: "invalid_auth")),
        (#"{"ok":false,"error":"token_expired"}"#, 200, .auth(code: "token_expired")),
        (#"{"ok":false,"error":"account_inactive"}"#, 200, .auth(code: "account_inactive")),
        (#"{"ok":false,"error":"internal_error"}"#, 200, .server(status: 500)),
        (#"{"ok":true,"team_id":"T1"}"#, 200, .malformed("auth.test answered ok without team_id and user_id")),
        (#"{"ok":false}"#, 200, .malformed(#"auth.test answered "ok": false without an "error" code"#)),
        (
            "<html></html>", 200,
            .malformed(
                "auth.test answered HTTP 200 with 13 bytes that are not a JSON object; check the Web API base URL")
        ),
        ("", 401, .invalidToken),
        ("", 502, .server(status: 502)),
    ])
    func authTestErrorsMap(_ body: String, _ status: Int, _ expected: SlackAPIError) {
        #expect(Self.authTestError(Self.response(status, body)) == expected)
    }

    @Test func rateLimitedWebAPICallsUseRetryAfter() {
        let limited = Self.response(429, #"{"ok":false,"error":"ratelimited"}"#, headers: ["Retry-After": "3"])
        #expect(Self.authTestError(limited) == .rateLimited(retryAfter: .seconds(3)))
        let inBody = Self.response(200, #"{"ok":false,"error":"ratelimited"}"#, headers: ["Retry-After": "4"])
        #expect(Self.grantError(inBody) == .rateLimited(retryAfter: .seconds(4)))
    }

    @Test func codeExchangeForAnOrgInstallTakesTheUserToken() throws {
        let body = #"""
            {"ok": true, "app_id": "A07CASB0001",
             "authed_user": {"id": "W0OWNER001", "scope": "auditlogs:read,users:read,users:read.email",
                             "access_token": "xoxp-7000000001-7000000002-7000000003-5f1c0ffee", "token_type": "user"},
             "team": null, "enterprise": {"id": "E0CONTOSO1", "name": "Contoso"}, "is_enterprise_install": true}
            """#
        let grant = try SlackResponses.oauthGrant(Self.response(200, body))
        #expect(
            grant
                == OAuthGrant(
                    accessToken: "xoxp-7000000001-7000000002-7000000003-5f1c0ffee", refreshToken: nil, expiresIn: nil,
                    scope: "auditlogs:read,users:read,users:read.email", userID: "W0OWNER001",
                    enterpriseID: "E0CONTOSO1", enterpriseName: "Contoso", isEnterpriseInstall: true))
    }

    @Test func codeExchangeWithRotationAndABotTokenPrefersTheUserToken() throws {
        let body = #"""
            {"ok": true, "access_token": "xoxe.xoxb-1-bot", "token_type": "bot", "scope": "commands",
             "refresh_token": "xoxe-1-bot-refresh", "expires_in": 43200, "bot_user_id": "U0KRQLJ9H",
             "team": {"name": "Softball", "id": "T9TK3CUKW"}, "enterprise": null,
             "authed_user": {"id": "U1234", "scope": "auditlogs:read", "access_token": "xoxe.xoxp-1-user",
                             "refresh_token": "xoxe-1-user-refresh", "expires_in": 43200, "token_type": "user"}}
            """#
        let grant = try SlackResponses.oauthGrant(Self.response(200, body))
        #expect(grant.accessToken == "xoxe.xoxp-1-user")
        #expect(grant.refreshToken == "xoxe-1-user-refresh")
        #expect(grant.expiresIn == 43200)
        #expect(grant.scope == "auditlogs:read")
        #expect(grant.userID == "U1234")
        #expect(grant.enterpriseID == nil)
        #expect(!grant.isEnterpriseInstall)
    }

    @Test func refreshResponseHasTheTokenAtTopLevel() throws {
        let body = #"""
            {"ok": true, "app_id": "A07CASB0001", "scope": "auditlogs:read,users:read", "token_type": "user",
             "access_token": "xoxe.xoxp-1-new", "refresh_token": "xoxe-1-next", "expires_in": 43200,
             "team": null, "enterprise": {"id": "E0CONTOSO1", "name": "Contoso"}, "is_enterprise_install": true}
            """#
        let grant = try SlackResponses.oauthGrant(Self.response(200, body))
        #expect(
            grant
                == OAuthGrant(
                    accessToken: "xoxe.xoxp-1-new", refreshToken: "xoxe-1-next", expiresIn: 43200,
                    scope: "auditlogs:read,users:read", userID: "", enterpriseID: "E0CONTOSO1",
                    enterpriseName: "Contoso", isEnterpriseInstall: true))
    }

    @Test(arguments: [
        (#"{"ok":false,"error":"invalid_refresh_token"}"#, SlackAPIError.auth(code: "invalid_refresh_token")),
        (#"{"ok":false,"error":"invalid_code"}"#, .auth(code: "invalid_code")),
        (#"{"ok":false,"error":"bad_client_secret"}"#, .auth(code: "bad_client_secret")),
        (#"{"ok":false,"error":"bad_redirect_uri"}"#, .badRequest(code: "bad_redirect_uri")),
        (#"{"ok":false,"error":"org_login_required"}"#, .plan(code: "org_login_required")),
        (
            #"{"ok":true,"authed_user":{"id":"W1"}}"#,
            .malformed(
                "oauth.v2.access answered ok without an access_token (top level or in authed_user)")
        ),
    ])
    func grantErrorsMap(_ body: String, _ expected: SlackAPIError) {
        #expect(Self.grantError(Self.response(200, body)) == expected)
    }

    @Test func mistypedGrantFieldsAreMalformedWithoutTheToken() throws {
        let body = #"{"ok":true,"access_token":"xoxe.xoxp-1-secret","expires_in":"soon"}"#
        let error = try #require(Self.grantError(Self.response(200, body)))
        #expect(error.code == "malformed")
        #expect(error.message.contains("expiresIn"))
        #expect(!"\(error)".contains("xoxe.xoxp-1-secret"))
    }

    @Test func grantDescriptionsHideTokens() throws {
        let grant = OAuthGrant(
            accessToken: "xoxe.xoxp-1-secret", refreshToken: "xoxe-1-refresh", expiresIn: 43200, scope: "auditlogs:read",
            userID: "W1", enterpriseID: "E1", enterpriseName: "Contoso", isEnterpriseInstall: true)
        var dumped = ""
        dump(grant, to: &dumped)
        for text in ["\(grant)", String(reflecting: grant), dumped] {
            #expect(!text.contains("xoxe.xoxp-1-secret"))
            #expect(!text.contains("xoxe-1-refresh"))
            #expect(text.contains("W1"))
        }
    }
}
