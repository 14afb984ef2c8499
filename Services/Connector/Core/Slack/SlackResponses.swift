import Foundation
import PalisadeHTTPClient
import PalisadeRPC

/// Maps HTTP responses and client errors to ``SlackClient`` results or ``SlackAPIError``s;
/// pure, so every status, header and body combination can be tested without a server.
///
/// The order of checks follows what Slack does (reference §1.6): 429 first (its body, if any,
/// adds nothing), then 5xx, then an error code from the body, then the bare status. Bodies are
/// never copied into errors: they can hold tokens (OAuth) and personal data (audit entries).
enum SlackResponses {
    /// The page in a `GET /audit/v1/logs` response, or why there is none.
    static func auditPage(_ response: HTTPResponse, scanner: AuditPageScanner) throws(SlackAPIError)
        -> AuditPageResult
    {
        if let error = statusError(response, slackCode: { auditErrorCode(response.body, scanner: scanner) }) {
            throw error
        }
        let scan: AuditPageScan
        do throws(AuditPageError) {
            scan = try scanner.scan(response.body)
        } catch {
            throw .malformed(
                "the audit page (HTTP \(response.status), \(response.body.count) bytes) is invalid: \(error)")
        }
        switch scan {
        case .page(let page): return AuditPageResult(body: response.body, page: page, serverDate: httpDate(response.header("Date")))
        case .slackError(let code): throw error(forCode: code, response: response)
        }
    }

    /// The error for a response whose status is not a success, or `nil` for 2xx. `slackCode`
    /// reads the body's error code, if it has one; it is only called when the status needs it.
    static func statusError(_ response: HTTPResponse, slackCode: () -> String?) -> SlackAPIError? {
        let status = response.status
        if status == 429 { return .rateLimited(retryAfter: retryAfter(response.header("Retry-After"))) }
        if (500...599).contains(status) { return .server(status: status) }
        if response.isSuccess { return nil }
        if let code = slackCode() { return error(forCode: code, response: response) }
        // Slack answers an unknown token with a bare 401 (reference §1.6, observed).
        if status == 401 { return .invalidToken }
        return .badRequest(code: "http_\(status)")
    }

    /// The `error` of an audit error body, `{"ok": false, "error": "..."}`, if it is one.
    private static func auditErrorCode(_ body: [UInt8], scanner: AuditPageScanner) -> String? {
        guard !body.isEmpty, case .slackError(let code)? = try? scanner.scan(body) else { return nil }
        return code
    }

    /// The error for a Slack error code, wherever it appeared (audit or Web API body).
    static func error(forCode code: String, response: HTTPResponse) -> SlackAPIError {
        switch code {
        case "rate_limited", "ratelimited":
            .rateLimited(retryAfter: retryAfter(response.header("Retry-After")))
        case "invalid_authentication", "missing_authentication", "token_revoked", "token_expired", "invalid_auth",
            "not_authed", "account_inactive", "team_not_authorized", "user_not_authorized", "missing_scope",
            "not_allowed_token_type", "method_not_allowed", "invalid_refresh_token", "invalid_client_id",
            "bad_client_secret", "invalid_code", "invalid_grant", "no_permission":
            .auth(code: code)
        case "feature_not_enabled", "invalid_workspace", "paid_only", "org_login_required":
            .plan(code: code)
        case "invalid_cursor": .invalidCursor
        case "invalid_range": .invalidRange
        case "internal_error", "service_unavailable", "fatal_error", "request_timeout":
            // These arrive with any status, often 200; report that status, or 500 if it was 2xx.
            .server(status: response.isSuccess ? 500 : response.status)
        default: .badRequest(code: code)
        }
    }

    /// The wait a `Retry-After` header asks for: delta-seconds only, which is what Slack sends,
    /// held to ``SlackAPIError/retryAfterRange``; absent, negative, not a number (an HTTP date,
    /// digits past `Int64`) → ``SlackAPIError/defaultRetryAfter``.
    static func retryAfter(_ header: String?) -> Duration {
        guard let header, let seconds = Int64(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return SlackAPIError.defaultRetryAfter
        }
        let range = SlackAPIError.retryAfterRange
        return .seconds(min(max(seconds, range.lowerBound), range.upperBound))
    }

    /// An HTTP `Date` header as Unix seconds (``HTTPDate``); nil when absent or in another form.
    static func httpDate(_ header: String?) -> Int64? {
        header.flatMap(HTTPDate.parse)
    }

    /// The error for a request that got no response; keeps the client's reason, which names the
    /// method and URL (without its query) but never headers.
    static func error(from error: HTTPClientError) -> SlackAPIError {
        switch error.code {
        case .cancelled, .shutdown: .cancelled
        case .responseTooLarge: .tooLarge(error.description)
        case .invalidURL, .invalidRequest, .invalidConfiguration: .configuration(error.description)
        default: .transport(error.description)
        }
    }
}
