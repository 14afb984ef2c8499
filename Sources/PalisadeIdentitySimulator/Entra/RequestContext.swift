import PalisadeRPC
import PalisadeSlackSimulator

/// What every answer to one request shares: its ids, the simulator's "now", and the base URL
/// links point at (the simulator's own host, as the client reached it).
struct RequestContext: Sendable {
    /// The `request-id` given to this request (also the token endpoint's trace id).
    let requestID: String
    /// The caller's `client-request-id`, or the request id when it sent none.
    let clientRequestID: String
    /// Whether the caller sent a `client-request-id`.
    let callerSentClientRequestID: Bool
    /// Unix seconds.
    let now: Int64
    /// `https://127.0.0.1:8443`: scheme and authority, no trailing slash.
    let baseURL: String
    /// The request.
    let request: HTTPServerRequest

    /// The query's pairs, decoded; nil when the query is not valid form encoding.
    var query: [(key: String, value: String)]? {
        try? FormDecoding.pairs(request.query)
    }
}
