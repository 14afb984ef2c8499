import Foundation

/// A complete HTTP response: status, headers and the whole body.
///
/// Any status is a response, including 4xx and 5xx; only failures to get a response at all are
/// ``HTTPClientError``s. When redirects are followed, the headers are those of the last response.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The response header fields, in the order received.
    public var headers: HTTPHeaders
    /// The body, already decoded if the server used a content encoding (gzip, deflate).
    public var body: [UInt8]
    /// The protocol version the server answered with: `"1.0"`, `"1.1"`, `"2"` or `"3"`.
    public var httpVersion: String

    /// Creates a response; the client does this, tests and fakes may too.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], httpVersion: String = "1.1") {
        self.status = status
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
    }

    /// The first value of the header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name]
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The `Date` header as a date (any of HTTP's three date forms), or nil when absent or not a date.
    public var date: Date? { header("Date").flatMap(HTTPDate.parse) }
}
