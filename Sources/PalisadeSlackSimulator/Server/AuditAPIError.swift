import PalisadeRPC

/// An Audit Logs API refusal: an HTTP status and Slack's error code.
///
/// Statuses other than 401 and 429 are not documented by Slack; the simulator's choices are in
/// its README (400 for bad arguments, 403 for plan or install problems, 404, 405).
struct AuditAPIError: Error, Sendable, Equatable {
    /// The HTTP status.
    let status: Int
    /// Slack's error code, e.g. `invalid_cursor`; nil = an empty body (unknown token).
    let code: String?
    /// Why, for `invalid_arguments` (Slack's Web API style `response_metadata.messages`).
    let detail: String?

    init(_ status: Int, _ code: String?, detail: String? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    /// The HTTP answer.
    var response: HTTPServerResponse {
        guard let code else { return HTTPServerResponse(status: status) }
        guard let detail else { return SimJSON.error(status, code) }
        let text =
            #"{"ok":false,"error":"# + SimJSON.quote(code)
            + #","response_metadata":{"messages":["# + SimJSON.quote("[ERROR] " + detail) + "]}}"
        return SimJSON.response(status, text)
    }

    static let missingAuthentication = AuditAPIError(401, "missing_authentication")
    static let unknownToken = AuditAPIError(401, nil)
    static let tokenRevoked = AuditAPIError(401, "token_revoked")
    static let tokenExpired = AuditAPIError(401, "token_expired")
    static let invalidAuthentication = AuditAPIError(401, "invalid_authentication")
    static let teamNotAuthorized = AuditAPIError(403, "team_not_authorized")
    static let userNotAuthorized = AuditAPIError(403, "user_not_authorized")
    static let featureNotEnabled = AuditAPIError(403, "feature_not_enabled")
    static let invalidCursor = AuditAPIError(400, "invalid_cursor")
    static let invalidAction = AuditAPIError(400, "invalid_action")
    static let invalidRange = AuditAPIError(400, "invalid_range")
    static let badEndpoint = AuditAPIError(404, "bad_endpoint")
    static let methodNotAllowed = AuditAPIError(405, "method_not_allowed")

    static func invalidArguments(_ detail: String) -> AuditAPIError {
        AuditAPIError(400, "invalid_arguments", detail: detail)
    }
}
