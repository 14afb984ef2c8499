import PalisadeHTTPClient
import Testing

@testable import ConnectorCore

@Suite("Slack audit response mapping")
struct SlackResponsesTests {
    static func response(_ status: Int, _ body: String = "", headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func mapError(_ response: HTTPResponse) -> SlackAPIError? {
        do throws(SlackAPIError) {
            _ = try SlackResponses.auditPage(response, scanner: AuditPageScanner())
            return nil
        } catch {
            return error
        }
    }

    @Test func successGivesThePageAndTheUnchangedBody() throws {
        let response = Self.response(200, AuditSamples.page)
        let result = try SlackResponses.auditPage(response, scanner: AuditPageScanner())
        #expect(result.body == response.body)
        #expect(result.page.entries.map(\.id) == AuditSamples.pageEntries.map(\.id))
        #expect(result.page.nextCursor == "dXNlcjpVMEc5V0ZYTlo=")
        let first = try #require(result.page.entries.first)
        #expect(Array(result.json(of: first)) == Array(AuditSamples.login.utf8))
    }

    @Test(arguments: [
        ("7", Duration.seconds(7)), ("0", .seconds(1)), (" 12 ", .seconds(12)), ("soon", SlackAPIError.defaultRetryAfter),
        ("-3", SlackAPIError.defaultRetryAfter), ("Wed, 21 Oct 2015 07:28:00 GMT", SlackAPIError.defaultRetryAfter),
        // Hostile values: held to 1…900 s, never a trap or a wait of years.
        ("100000000", .seconds(900)), ("9223372036854775807", .seconds(900)),
        ("99999999999999999999999", SlackAPIError.defaultRetryAfter),
    ])
    func rateLimitUsesRetryAfter(_ header: String, _ expected: Duration) {
        let error = Self.mapError(Self.response(429, #"{"ok":false,"error":"ratelimited"}"#, headers: ["Retry-After": header]))
        #expect(error == .rateLimited(retryAfter: expected))
        #expect(error?.isRetryable == true)
    }

    @Test func rateLimitWithoutHeaderWaitsTheDefault() {
        #expect(Self.mapError(Self.response(429)) == .rateLimited(retryAfter: .seconds(30)))
    }

    @Test func bare401IsAnInvalidToken() {
        let error = Self.mapError(Self.response(401))
        #expect(error == .invalidToken)
        #expect(error?.isRetryable == false)
        #expect(error?.message.hasPrefix("Slack rejected the token (HTTP 401): it is unknown, revoked or not an org-level token") == true)
    }

    @Test(arguments: [
        (401, "invalid_authentication", SlackAPIError.auth(code: "invalid_authentication")),
        (401, "missing_authentication", .auth(code: "missing_authentication")),
        (403, "user_not_authorized", .auth(code: "user_not_authorized")),
        (403, "team_not_authorized", .auth(code: "team_not_authorized")),
        (401, "token_revoked", .auth(code: "token_revoked")),
        (403, "feature_not_enabled", .plan(code: "feature_not_enabled")),
        (403, "invalid_workspace", .plan(code: "invalid_workspace")),
        (400, "invalid_cursor", .invalidCursor),
        (400, "invalid_range", .invalidRange),
        (400, "invalid_action", .badRequest(code: "invalid_action")),
        (404, "bad_endpoint", .badRequest(code: "bad_endpoint")),
        (200, "invalid_cursor", .invalidCursor),
        (200, "feature_not_enabled", .plan(code: "feature_not_enabled")),
    ])
    func errorBodiesMapByCode(_ status: Int, _ code: String, _ expected: SlackAPIError) {
        let error = Self.mapError(Self.response(status, #"{"ok":false,"error":"\#(code)"}"#))
        #expect(error == expected)
        #expect(error?.isRetryable == false)
    }

    @Test(arguments: [
        (404, "<html>Not found</html>", SlackAPIError.badRequest(code: "http_404")),
        (400, "", .badRequest(code: "http_400")),
        (302, "", .badRequest(code: "http_302")),
        (401, "<html>bad</html>", .invalidToken),
        (500, #"{"ok":false,"error":"invalid_cursor"}"#, .server(status: 500)),
        (503, "", .server(status: 503)),
    ])
    func statusesWithoutAUsableCodeMapByStatus(_ status: Int, _ body: String, _ expected: SlackAPIError) {
        #expect(Self.mapError(Self.response(status, body)) == expected)
    }

    @Test func invalidSuccessBodiesAreMalformedAndRetryable() throws {
        let truncated = String(AuditSamples.page.prefix(100))
        let error = try #require(Self.mapError(Self.response(200, truncated)))
        guard case .malformed(let reason) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(reason.contains("truncated"))
        #expect(reason.contains("byte 100"))
        #expect(error.isRetryable)
        #expect(Self.mapError(Self.response(200, "<html>hi</html>"))?.code == "malformed")
    }

    @Test(arguments: [
        (HTTPClientError.Code.couldNotConnect, "transport"), (.couldNotResolveHost, "transport"),
        (.tlsCertificate, "transport"), (.timeout, "transport"), (.cancelled, "cancelled"),
        (.shutdown, "cancelled"), (.invalidURL, "configuration"),
    ])
    func clientErrorsKeepTheirReason(_ code: HTTPClientError.Code, _ expected: String) {
        let underlying = HTTPClientError(code: code, message: "GET https://api.slack.com/audit/v1/logs: reason here")
        let error = SlackResponses.error(from: underlying)
        #expect(error.code == expected)
        if expected == "transport" {
            #expect(error.isRetryable)
            #expect(error.message.contains("reason here"))
        } else {
            #expect(!error.isRetryable)
        }
    }

    @Test func retryabilityFollowsTheCase() {
        let retryable: [SlackAPIError] = [
            .rateLimited(retryAfter: .seconds(1)), .server(status: 502), .transport("x"), .malformed("y"),
        ]
        let permanent: [SlackAPIError] = [
            .invalidToken, .auth(code: "token_expired"), .plan(code: "paid_only"), .invalidCursor, .invalidRange,
            .badRequest(code: "invalid_action"), .configuration("z"), .cancelled,
        ]
        let allRetryable = retryable.allSatisfy { $0.isRetryable }
        #expect(allRetryable)
        let anyPermanentRetryable = permanent.contains { $0.isRetryable }
        #expect(!anyPermanentRetryable)
    }

    @Test func errorsNeverCarryTheBody() {
        let token = "xoxp-1-2-3-secret"
        let bodies = ["<html>\(token)</html>", #"{"ok":false,"error":"x","token":"\#(token)"}"#, token]
        for status in [200, 400, 401, 403, 500] {
            for body in bodies {
                let error = Self.mapError(Self.response(status, body))
                let tokenLeftOut = error.map { !"\($0)".contains(token) } ?? false
                #expect(tokenLeftOut, "\(status) \(body)")
            }
        }
    }
}

/// Slack's `Date` header, read for the clock comparison.
@Suite struct HTTPDateTests {
    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", Int64?(784_111_777)), (" Thu, 26 Nov 2026 10:00:00 GMT ", 1_795_687_200),
        ("Sunday, 06-Nov-94 08:49:37 GMT", nil), ("yesterday", nil), ("", nil),
    ])
    func imfFixdate(_ header: String, _ expected: Int64?) {
        #expect(SlackResponses.httpDate(header) == expected)
    }

    @Test func absentHeader() {
        #expect(SlackResponses.httpDate(nil) == nil)
    }
}

/// Unix-time arithmetic on values from outside saturates instead of trapping.
@Suite struct SaturatingTimeTests {
    @Test func sumsHoldAtTheBounds() {
        #expect(Int64(1_795_000_000).plusSaturating(900) == 1_795_000_900)
        #expect(Int64(1_795_000_000).plusSaturating(.max) == .max)
        #expect(Int64(-5).plusSaturating(.min) == .min)
    }
}
