import Foundation
import PalisadeHTTPClient

/// Builds the HTTP requests ``SlackClient`` sends; pure, so tests can check them without a server.
///
/// Tokens and client secrets only ever go into header values and bodies, which
/// `HTTPRequest.description` does not print; the URLs carry nothing secret.
enum SlackRequests {
    /// `GET <audit base>/audit/v1/logs?<query>` with the token as a bearer token.
    static func auditLogs(base: String, token: String, query: AuditQuery, timeout: Duration) -> HTTPRequest {
        let parameters = query.parameters
        let queryString = parameters.isEmpty ? "" : "?" + PercentEncoding.form(parameters)
        return HTTPRequest(
            method: "GET",
            url: join(base, "/audit/v1/logs") + queryString,
            headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"],
            timeout: timeout
        )
    }

    /// `POST <web base>/api/auth.test` with the token as a bearer token and no body.
    static func authTest(base: String, token: String, timeout: Duration) -> HTTPRequest {
        HTTPRequest(
            method: "POST",
            url: join(base, "/api/auth.test"),
            headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"],
            timeout: timeout
        )
    }

    /// `POST <web base>/api/oauth.v2.access` with the client credentials as HTTP Basic (Slack's
    /// preferred form, which keeps the secret out of the body) and `form` as the body.
    static func oauthAccess(
        base: String, clientID: String, clientSecret: String, form: [(name: String, value: String)],
        timeout: Duration
    ) -> HTTPRequest {
        let credentials = Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
        return HTTPRequest(
            method: "POST",
            url: join(base, "/api/oauth.v2.access"),
            headers: [
                "Authorization": "Basic \(credentials)",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            ],
            body: Array(PercentEncoding.form(form).utf8),
            timeout: timeout
        )
    }

    /// The form of an authorization-code exchange (reference §2.3).
    static func codeExchangeForm(code: String, redirectURI: String?) -> [(name: String, value: String)] {
        var form: [(name: String, value: String)] = [("grant_type", "authorization_code"), ("code", code)]
        if let redirectURI { form.append(("redirect_uri", redirectURI)) }
        return form
    }

    /// The form of a token refresh (reference §2.4).
    static func refreshForm(refreshToken: String) -> [(name: String, value: String)] {
        [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
    }

    /// `base` and `path` with exactly one slash between them, so `https://host/` and
    /// `https://host` both work as configured bases (a path prefix in the base is kept).
    static func join(_ base: String, _ path: String) -> String {
        var base = Substring(base)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + path
    }
}
