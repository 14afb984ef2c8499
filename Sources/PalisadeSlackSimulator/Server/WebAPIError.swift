import PalisadeRPC

/// A Web API (`slack.com/api/…`) failure: answered as HTTP 200 `{"ok":false,"error":"<code>"}`,
/// as Slack's Web API does.
struct WebAPIError: Error, Sendable, Equatable {
    /// Slack's error code, e.g. `invalid_auth`.
    let code: String

    init(_ code: String) { self.code = code }

    /// The HTTP answer.
    var response: HTTPServerResponse { SimJSON.error(200, code) }
}
