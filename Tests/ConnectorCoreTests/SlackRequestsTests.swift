import Foundation
import PalisadeHTTPClient
import Testing

@testable import ConnectorCore

@Suite("Slack request building")
struct SlackRequestsTests {
    static let token = "xoxp-7000000001-7000000002-7000000003-5f1c0ffee"

    @Test func auditLogsSendsEveryParameterPercentEncoded() {
        let query = AuditQuery(
            oldest: 1_521_214_343, latest: 1_521_300_000, limit: 200, actions: ["user_login", "file_downloaded"],
            actor: "W123AB456", entity: "C 1&2+é", cursor: "dXNlcjpVMEc5V0ZYTlo=")
        let request = SlackRequests.auditLogs(
            base: "https://api.slack.com", token: Self.token, query: query, timeout: .seconds(5))
        #expect(request.method == "GET")
        #expect(
            request.url == "https://api.slack.com/audit/v1/logs?oldest=1521214343&latest=1521300000&limit=200"
                + "&action=user_login%2Cfile_downloaded&actor=W123AB456&entity=C%201%262%2B%C3%A9"
                + "&cursor=dXNlcjpVMEc5V0ZYTlo%3D")
        #expect(request.headers["Authorization"] == "Bearer \(Self.token)")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.body == nil)
        #expect(request.timeout == .seconds(5))
    }

    @Test func auditLogsSendsOnlySetParameters() {
        let none = SlackRequests.auditLogs(base: "https://api.slack.com", token: "t", query: AuditQuery(), timeout: .seconds(1))
        #expect(none.url == "https://api.slack.com/audit/v1/logs")
        let some = SlackRequests.auditLogs(
            base: "https://api.slack.com", token: "t", query: AuditQuery(oldest: -1, cursor: ""), timeout: .seconds(1))
        #expect(some.url == "https://api.slack.com/audit/v1/logs?oldest=-1&cursor=")
    }

    @Test(arguments: [
        ("https://127.0.0.1:8443", "https://127.0.0.1:8443/audit/v1/logs"),
        ("https://127.0.0.1:8443/", "https://127.0.0.1:8443/audit/v1/logs"),
        ("https://sim.local/slack//", "https://sim.local/slack/audit/v1/logs"),
    ])
    func baseURLsJoinWithOneSlash(_ base: String, _ expected: String) {
        #expect(SlackRequests.auditLogs(base: base, token: "t", query: AuditQuery(), timeout: .seconds(1)).url == expected)
    }

    @Test func authTestPostsWithTheBearerToken() {
        let request = SlackRequests.authTest(base: "https://slack.com", token: Self.token, timeout: .seconds(5))
        #expect(request.method == "POST")
        #expect(request.url == "https://slack.com/api/auth.test")
        #expect(request.headers["Authorization"] == "Bearer \(Self.token)")
    }

    @Test func codeExchangeUsesBasicAuthAndAForm() throws {
        let request = SlackRequests.oauthAccess(
            base: "https://slack.com", clientID: "123.456", clientSecret: "s3cr3t",
            form: SlackRequests.codeExchangeForm(code: "c0de/+=", redirectURI: "https://palisade.local/slack/callback?x=1"),
            timeout: .seconds(5))
        #expect(request.method == "POST")
        #expect(request.url == "https://slack.com/api/oauth.v2.access")
        #expect(request.headers["Authorization"] == "Basic " + Data("123.456:s3cr3t".utf8).base64EncodedString())
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let body = try #require(request.body)
        #expect(
            String(decoding: body, as: UTF8.self)
                == "grant_type=authorization_code&code=c0de%2F%2B%3D"
                + "&redirect_uri=https%3A%2F%2Fpalisade.local%2Fslack%2Fcallback%3Fx%3D1")
        let noRedirect = SlackRequests.codeExchangeForm(code: "c", redirectURI: nil)
        #expect(noRedirect.map(\.name) == ["grant_type", "code"])
    }

    @Test func refreshSendsTheRefreshGrant() throws {
        let request = SlackRequests.oauthAccess(
            base: "https://slack.com", clientID: "id", clientSecret: "secret",
            form: SlackRequests.refreshForm(refreshToken: "xoxe-1-abc"), timeout: .seconds(5))
        let body = try #require(request.body)
        #expect(String(decoding: body, as: UTF8.self) == "grant_type=refresh_token&refresh_token=xoxe-1-abc")
    }

    @Test func requestDescriptionsHideTokensSecretsAndQueries() {
        let audit = SlackRequests.auditLogs(
            base: "https://api.slack.com", token: Self.token, query: AuditQuery(actor: "W123", cursor: "CURSOR"),
            timeout: .seconds(1))
        let oauth = SlackRequests.oauthAccess(
            base: "https://slack.com", clientID: "id", clientSecret: "s3cr3t",
            form: SlackRequests.refreshForm(refreshToken: "xoxe-1-refresh"), timeout: .seconds(1))
        for description in ["\(audit)", "\(oauth)", String(reflecting: audit), String(reflecting: oauth)] {
            #expect(!description.contains("xoxp-"))
            #expect(!description.contains("s3cr3t"))
            #expect(!description.contains("xoxe-1-refresh"))
            #expect(!description.contains("CURSOR"))
            #expect(!description.contains(Data("id:s3cr3t".utf8).base64EncodedString()))
        }
    }
}
