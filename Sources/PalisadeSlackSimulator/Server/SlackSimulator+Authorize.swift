import PalisadeRPC

extension SlackSimulator {
    /// `GET /oauth/v2/authorize`: the simulated org owner approves at once (picking the
    /// organization, not a workspace) and the browser is sent back to `redirect_uri` with a code.
    ///
    /// A missing or unacceptable `redirect_uri` gets a 400 page instead of a redirect (an OAuth
    /// server must not redirect to an unverified URL); other problems are reported on the
    /// redirect as `error=…`: `invalid_client_id`, `invalid_scope` (no `user_scope`),
    /// `access_denied` (the app is configured not to be approved).
    func authorize(_ request: HTTPServerRequest) -> HTTPServerResponse {
        guard request.method == "GET" else { return page(405, "method_not_allowed: use GET") }
        let fields: [String: String]
        do throws(FormDecodingError) {
            fields = try FormDecoding.fields(request.query)
        } catch {
            return page(400, "invalid_arguments: \(error.message)")
        }
        let app = configuration.oauthApp
        let sentRedirect = fields["redirect_uri"].flatMap { $0.isEmpty ? nil : $0 }
        guard let redirect = sentRedirect ?? app?.redirectURLs.first else {
            return page(400, "bad_redirect_uri: no redirect_uri was sent and the app has no Redirect URL")
        }
        guard Self.isAcceptable(redirect: redirect, allowed: app?.redirectURLs ?? []) else {
            return page(400, "bad_redirect_uri: '\(redirect)' does not match the app's Redirect URLs")
        }
        var answer: [(String, String)] = []
        if let app, fields["client_id"] == app.clientID {
            let scopes = (fields["user_scope"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            if scopes.isEmpty {
                answer.append(("error", "invalid_scope"))
            } else if !app.approves {
                answer.append(("error", "access_denied"))
            } else {
                answer.append(("code", tokens.issueCode(clientID: app.clientID, redirectURI: sentRedirect, scopes: scopes)))
            }
        } else {
            answer.append(("error", "invalid_client_id"))
        }
        if let state = fields["state"] { answer.append(("state", state)) }
        let query = answer.map { "\($0.0)=\(FormDecoding.encode($0.1))" }.joined(separator: "&")
        let location = redirect + (redirect.contains("?") ? "&" : "?") + query
        return HTTPServerResponse(status: 302, headers: [("location", location)])
    }

    /// HTTPS or HTTP, no fragment, and equal to or under an allowed URL (any when none is configured).
    static func isAcceptable(redirect: String, allowed: [String]) -> Bool {
        guard redirect.hasPrefix("https://") || redirect.hasPrefix("http://"), !redirect.contains("#") else {
            return false
        }
        guard !allowed.isEmpty else { return true }
        return allowed.contains { base in
            redirect == base || redirect.hasPrefix(base.hasSuffix("/") ? base : base + "/")
        }
    }

    private func page(_ status: Int, _ message: String) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }
}

extension Substring {
    /// The text without leading and trailing `character`s.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
