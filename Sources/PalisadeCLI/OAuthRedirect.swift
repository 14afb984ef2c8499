import Foundation

/// What the OAuth loopback listener makes of one request, e.g. `GET` of
/// `/callback?code=123.456.abc&state=s1`.
///
/// Pure (no I/O) so that the decisions, which request ends the wait and which is ignored, can be
/// tested without a socket or a browser. The request itself was parsed by the shared server.
enum OAuthRedirect: Equatable {
    /// Slack sent the org owner back with an authorization code for our `state`.
    case authorized(code: String)
    /// Slack sent the org owner back with `error=` (e.g. `access_denied`) for our `state`.
    case denied(error: String)
    /// A request for another path (a browser asks for `/favicon.ico`): answer 404, keep waiting.
    case otherPath
    /// A request we will not act on (malformed, or a `state` that is not ours): answer 400 with
    /// the reason and keep waiting, so a stray request cannot end the sign-in.
    case rejected(String)

    /// The path Slack redirects to.
    static let callbackPath = "/callback"

    /// Judges a request (`method`, and `target` in origin form) against the `state` `BeginOAuth`
    /// returned.
    static func parse(method: String, target: String, expectedState: String) -> OAuthRedirect {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard path == callbackPath else { return .otherPath }
        guard method == "GET" else { return .rejected("the callback is a GET request") }
        guard let query = queryParameters(of: target[...]) else { return .rejected("the query string is not valid percent-encoding") }
        guard let state = query["state"], state == expectedState else {
            return .rejected("this redirect does not belong to the sign-in started by this command (state mismatch)")
        }
        if let error = query["error"] {
            return .denied(error: error.isEmpty ? "unknown error" : error)
        }
        guard let code = query["code"], !code.isEmpty else { return .rejected("the redirect carries no code") }
        return .authorized(code: code)
    }

    /// The query parameters of a request target, form-decoded (`+` is a space, `%XX` a byte);
    /// nil when an escape is invalid. A repeated name keeps its first value.
    static func queryParameters(of target: Substring) -> [String: String]? {
        guard let question = target.firstIndex(of: "?") else { return [:] }
        var parameters: [String: String] = [:]
        for pair in target[target.index(after: question)...].split(separator: "&") {
            let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecode(nameAndValue[0]),
                let value = formDecode(nameAndValue.count > 1 ? nameAndValue[1] : "")
            else { return nil }
            if parameters[name] == nil { parameters[name] = value }
        }
        return parameters
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
