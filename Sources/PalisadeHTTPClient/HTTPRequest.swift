/// An HTTP request for ``HTTPClient/send(_:)``.
///
/// The body is sent as is; set `Content-Type` yourself. ``description`` shows the method, the
/// URL without its query string and the header names, never header values or the body, which
/// carry tokens and personal data.
///
/// ```swift
/// var request = HTTPRequest(method: "POST", url: "https://slack.com/api/chat.postMessage")
/// request.headers["Authorization"] = "Bearer \(token)"
/// request.headers["Content-Type"] = "application/json"
/// request.body = Array(json.utf8)
/// ```
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The request method, e.g. `GET`, `POST`, `PATCH`; sent exactly as given.
    public var method: String
    /// An absolute `http` or `https` URL, percent-encoded.
    public var url: String
    /// Header fields sent with the request, in order.
    public var headers: HTTPHeaders
    /// The request body, or `nil` for none.
    public var body: [UInt8]?
    /// The limit for the whole exchange, from connecting to the last response byte.
    public var timeout: Duration

    /// Creates a request.
    public init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// Safe for logs: method, redacted URL, header names and body size only.
    public var description: String {
        let bodyText = body.map { ", \($0.count)-byte body" } ?? ""
        return "\(method) \(RedactedURL(url)) headers: \(headers)\(bodyText)"
    }
}
