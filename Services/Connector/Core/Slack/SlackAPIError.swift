/// Why a Slack API call did not produce a result.
///
/// Each case says what the caller should do: ``isRetryable`` separates waits (rate limit,
/// outage, network) from problems a person must fix (token, plan, configuration). Messages are
/// actionable and never contain a token, a client secret or a response body.
public enum SlackAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// HTTP 429 (or a `rate_limited`/`ratelimited` error): wait `retryAfter`, from the
    /// `Retry-After` header or ``defaultRetryAfter`` when it is absent.
    case rateLimited(retryAfter: Duration)
    /// HTTP 401 without an error code: Slack does not know the token at all.
    case invalidToken
    /// A token or installation problem Slack named, e.g. `invalid_authentication`,
    /// `token_revoked`, `token_expired`, `missing_scope`, `user_not_authorized`.
    case auth(code: String)
    /// The org's plan lacks the feature: `feature_not_enabled`, `invalid_workspace`, `paid_only`,
    /// `org_login_required`.
    case plan(code: String)
    /// The cursor does not match one Slack returned; restart paging.
    case invalidCursor
    /// `oldest`/`latest` lie before audit logs were enabled or in the future.
    case invalidRange
    /// Another client error: Slack's error code (`invalid_action`, `bad_endpoint`,
    /// `invalid_code`...) or `http_<status>` when the response named none.
    case badRequest(code: String)
    /// A Slack-side failure: HTTP 5xx, or `internal_error`/`service_unavailable` in a body.
    case server(status: Int)
    /// No response: connection refused, DNS, TLS verification, timeout; the underlying reason.
    case transport(String)
    /// A success status with a body that is not what the API documents (cut off, invalid JSON,
    /// missing fields); the reason, with a byte offset for audit pages.
    case malformed(String)
    /// The response was larger than the HTTP client accepts (`maxResponseSize`, 64 MiB): for an
    /// audit page, ask for fewer entries per page.
    case tooLarge(String)
    /// The request could not be sent as built: an invalid base URL or header value.
    case configuration(String)
    /// The calling task was cancelled, or the HTTP client was shut down.
    case cancelled

    /// The wait used when a 429 carries no usable `Retry-After`: Slack's Tier 3 allows about
    /// 50 calls a minute, so half a minute is a safe guess.
    public static let defaultRetryAfter: Duration = .seconds(30)

    /// The waits a `Retry-After` is held to, in seconds: at least one (a `0` would make a
    /// connection hammer Slack), at most a quarter of an hour (Slack's limits are per minute; a
    /// larger value is a fault, and would park the connection for years).
    public static let retryAfterRange: ClosedRange<Int64> = 1...900

    /// Whether calling again later can succeed without anyone changing anything.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .server, .transport, .malformed, .tooLarge: true
        case .invalidToken, .auth, .plan, .invalidCursor, .invalidRange, .badRequest, .configuration, .cancelled:
            false
        }
    }

    /// A stable name for the case, for metrics and status pages, e.g. `rate_limited`.
    public var code: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .invalidToken: "invalid_token"
        case .auth: "auth"
        case .plan: "plan"
        case .invalidCursor: "invalid_cursor"
        case .invalidRange: "invalid_range"
        case .badRequest: "bad_request"
        case .server: "server"
        case .transport: "transport"
        case .malformed: "malformed"
        case .tooLarge: "too_large"
        case .configuration: "configuration"
        case .cancelled: "cancelled"
        }
    }

    /// What happened and what to do about it; safe to log and to show to an administrator.
    public var message: String {
        switch self {
        case .rateLimited(let retryAfter):
            "Slack rate-limited the request; retry after \(retryAfter.components.seconds) s. The Audit Logs "
                + "limit (Tier 3, about 50 calls a minute) is shared by every app polling the organization."
        case .invalidToken:
            "Slack rejected the token (HTTP 401): it is unknown, revoked or not an org-level token. Reinstall "
                + "the app on the organization (not a workspace) as an Org Owner, with the auditlogs:read user scope."
        case .auth(let code):
            "Slack rejected the credentials (\(code)): " + Self.authHint(code)
        case .plan(let code):
            "Slack says the Audit Logs API is not available here (\(code)): it needs an Enterprise organization "
                + "with audit logs enabled, and the app installed on the organization."
        case .invalidCursor:
            "Slack rejected the pagination cursor (invalid_cursor); restart paging from the newest page with "
                + "the same filters."
        case .invalidRange:
            "Slack rejected the time range (invalid_range): oldest/latest are before audit logs were enabled or "
                + "in the future; check the configured start time and this machine's clock."
        case .badRequest(let code):
            "Slack rejected the request (\(code)): " + Self.badRequestHint(code)
        case .server(let status):
            "Slack failed to answer (HTTP \(status)); this is on Slack's side, retry later "
                + "(https://slack-status.com)."
        case .transport(let reason):
            "Could not reach Slack: \(reason)"
        case .malformed(let reason):
            "Slack's response could not be used: \(reason)"
        case .tooLarge(let reason):
            "Slack's response was too large to take (\(reason)); the connector asks for smaller pages."
        case .configuration(let reason):
            "The request to Slack could not be sent: \(reason); check the configured base URLs."
        case .cancelled:
            "The call to Slack was cancelled."
        }
    }

    /// `code: message`, safe to log.
    public var description: String { "\(code): \(message)" }

    private static func authHint(_ code: String) -> String {
        switch code {
        case "token_expired": "the access token expired; refresh it with the refresh token (token rotation is on)."
        case "token_revoked": "the token was revoked (app uninstalled or installer removed); reinstall the app."
        case "missing_scope": "the token lacks the auditlogs:read user scope; reinstall the app with it."
        case "team_not_authorized":
            "the app is installed on a workspace; install it on the organization instead."
        case "user_not_authorized": "the installing user is not an Org Owner; an Org Owner must install the app."
        case "account_inactive": "the installing user was deactivated; an active Org Owner must reinstall the app."
        case "missing_authentication", "not_authed": "no token reached Slack; check the configured token."
        case "invalid_refresh_token": "the refresh token is invalid or already used; reinstall the app."
        case "invalid_client_id", "bad_client_secret": "check the app's client ID and client secret."
        case "invalid_code", "invalid_grant":
            "the authorization code is invalid, used or older than 10 minutes; start the install again."
        default:
            "the token must be an Org Owner's user token for an app installed on the organization, with the "
                + "auditlogs:read scope."
        }
    }

    private static func badRequestHint(_ code: String) -> String {
        switch code {
        case "invalid_action": "an action filter is not an audit action name, or more than 30 were given."
        case "bad_endpoint", "http_404":
            "the URL does not exist; check the base URLs (audit logs live on api.slack.com, not slack.com)."
        case "bad_redirect_uri", "oauth_authorization_url_mismatch":
            "the redirect URI does not match the one used to start the install."
        default: "check the request's parameters and the configured base URLs."
        }
    }
}
