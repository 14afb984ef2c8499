import Logging
import PalisadeHTTPClient

/// Calls Slack's Audit Logs API and the Web API methods the connector needs (`auth.test`,
/// `oauth.v2.access`).
///
/// Each method makes exactly one attempt: retrying and backing off are the caller's policy,
/// because the caller must show "rate limited until T" and share Slack's org-wide rate limit
/// across its work. ``SlackAPIError/isRetryable`` says which failures are worth another try.
///
/// ```swift
/// let slack = SlackClient(http: httpClient)
/// let result = try await slack.auditLogs(token: token, query: AuditQuery(oldest: since, limit: 1000))
/// for entry in result.page.entries { forward(result.json(of: entry)) }
/// ```
///
/// Tokens and secrets travel only in header values and bodies; they never appear in logs,
/// errors or descriptions.
public struct SlackClient: Sendable {
    /// Where Slack is and how long a call may take.
    public struct Configuration: Sendable, Hashable {
        /// The Audit Logs API's base; requests go to `<auditBaseURL>/audit/v1/logs`.
        public var auditBaseURL: String
        /// The Web API's base; requests go to `<webAPIBaseURL>/api/<method>`.
        public var webAPIBaseURL: String
        /// The limit for one call, from connecting to the last byte. A full page is about 8 MB.
        public var timeout: Duration

        /// Creates a configuration; the defaults are Slack's production hosts.
        public init(
            auditBaseURL: String = "https://api.slack.com",
            webAPIBaseURL: String = "https://slack.com",
            timeout: Duration = .seconds(60)
        ) {
            self.auditBaseURL = auditBaseURL
            self.webAPIBaseURL = webAPIBaseURL
            self.timeout = timeout
        }
    }

    /// The hosts and timeout in use.
    public let configuration: Configuration
    private let http: HTTPClient
    private let scanner: AuditPageScanner
    private let logger: Logger

    /// Creates a client over a shared HTTP client, which keeps the connections to Slack alive.
    public init(
        http: HTTPClient,
        configuration: Configuration = .init(),
        scanner: AuditPageScanner = .init(),
        logger: Logger = Logger(label: "palisade.connector.slack")
    ) {
        self.http = http
        self.configuration = configuration
        self.scanner = scanner
        self.logger = logger
    }

    /// Fetches one page of audit entries (`GET /audit/v1/logs`).
    ///
    /// The result keeps the body, so entries can be forwarded byte for byte.
    public func auditLogs(token: String, query: AuditQuery) async throws(SlackAPIError) -> AuditPageResult {
        let request = SlackRequests.auditLogs(
            base: configuration.auditBaseURL, token: token, query: query, timeout: configuration.timeout)
        let response = try await send(request, call: "audit.logs")
        let result = try SlackResponses.auditPage(response, scanner: scanner)
        logger.debug(
            "Audit page fetched",
            metadata: [
                "entries": "\(result.page.entries.count)", "bytes": "\(result.body.count)",
                "last_page": "\(result.page.isLastPage)",
            ]
        )
        return result
    }

    /// Asks Slack who a token belongs to and which scopes it has (`POST /api/auth.test`).
    public func authTest(token: String) async throws(SlackAPIError) -> AuthTestResult {
        let request = SlackRequests.authTest(
            base: configuration.webAPIBaseURL, token: token, timeout: configuration.timeout)
        return try SlackResponses.authTest(try await send(request, call: "auth.test"))
    }

    /// Exchanges an OAuth authorization code for a token (`POST /api/oauth.v2.access`,
    /// `grant_type=authorization_code`). Pass `redirectURI` exactly as sent to the authorize
    /// step, if one was.
    public func exchangeCode(
        clientID: String, clientSecret: String, code: String, redirectURI: String?
    ) async throws(SlackAPIError) -> OAuthGrant {
        let request = SlackRequests.oauthAccess(
            base: configuration.webAPIBaseURL, clientID: clientID, clientSecret: clientSecret,
            form: SlackRequests.codeExchangeForm(code: code, redirectURI: redirectURI), timeout: configuration.timeout)
        return try SlackResponses.oauthGrant(try await send(request, call: "oauth.v2.access"))
    }

    /// Trades a refresh token for a new access token and a new refresh token
    /// (`POST /api/oauth.v2.access`, `grant_type=refresh_token`). Refresh tokens are single-use:
    /// store the returned one before using the new access token.
    public func refresh(
        clientID: String, clientSecret: String, refreshToken: String
    ) async throws(SlackAPIError) -> OAuthGrant {
        let request = SlackRequests.oauthAccess(
            base: configuration.webAPIBaseURL, clientID: clientID, clientSecret: clientSecret,
            form: SlackRequests.refreshForm(refreshToken: refreshToken), timeout: configuration.timeout)
        return try SlackResponses.oauthGrant(try await send(request, call: "oauth.v2.access"))
    }

    /// Sends one request; only the call's name and the error code reach the log.
    private func send(_ request: HTTPRequest, call: String) async throws(SlackAPIError) -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch {
            let mapped = SlackResponses.error(from: error)
            logger.debug("Slack call failed", metadata: ["call": "\(call)", "error": "\(mapped.code)"])
            throw mapped
        }
    }
}
