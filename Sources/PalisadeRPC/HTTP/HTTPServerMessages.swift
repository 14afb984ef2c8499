import PalisadeTLS

/// A plain HTTP request (not an RPC) received by an `RPCServer` that has an `httpHandler`.
///
/// The server collects the whole body (up to `RPCServerConfiguration.maxMessageSize`) before
/// the handler runs; plain HTTP serves small REST-style requests such as the simulators' APIs,
/// metrics scrapes and OAuth redirects.
public struct HTTPServerRequest: Sendable {
    /// The request method (`GET`, `POST`, …).
    public let method: String
    /// The request target as sent: path plus query string (`/audit/v1/logs?limit=10`).
    public let target: String
    /// Header fields in arrival order; names are lower-case (HTTP/2 requires it).
    public let headers: [(name: String, value: String)]
    /// The request body.
    public let body: [UInt8]
    /// The caller's verified certificate identity, if it presented one.
    public let peer: PeerIdentity?
    /// The caller's address, `ip:port`.
    public let remoteAddress: String

    /// Makes a request (the server builds these; tests may too).
    public init(
        method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        peer: PeerIdentity? = nil, remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.peer = peer
        self.remoteAddress = remoteAddress
    }

    /// The path without the query string.
    public var path: Substring {
        guard let q = target.firstIndex(of: "?") else { return target[...] }
        return target[..<q]
    }

    /// The raw query string after `?` (empty when there is none).
    public var query: Substring {
        guard let q = target.firstIndex(of: "?") else { return "" }
        return target[target.index(after: q)...]
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }
}

/// The answer to an `HTTPServerRequest`.
public struct HTTPServerResponse: Sendable {
    /// The HTTP status code (200, 302, 401, 429, …).
    public var status: Int
    /// Response header fields; names are sent lower-case.
    public var headers: [(name: String, value: String)]
    /// The response body (sent as is, with flow control).
    public var body: [UInt8]
    /// When set, the stream is reset (RST_STREAM, INTERNAL_ERROR) after this many body bytes
    /// instead of ending cleanly: a transfer that breaks half way, for fault injection.
    public var abortAfterBytes: Int?

    /// Makes a response.
    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        abortAfterBytes: Int? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.abortAfterBytes = abortAfterBytes
    }

    /// A response with a body of the given content type.
    public init(status: Int, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.init(status: status, headers: [("content-type", contentType)] + headers, body: body)
    }
}

/// Serves the plain HTTP requests of an `RPCServer`: every request whose path is not one of
/// the server's RPC routes. It runs as a task (on the connection's loop or the global pool, per
/// `RPCServerConfiguration.handlerExecution`); a cancelled task's response is discarded.
public typealias HTTPRequestHandler = @Sendable (HTTPServerRequest) async -> HTTPServerResponse
