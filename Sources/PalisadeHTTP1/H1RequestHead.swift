/// The head of one HTTP/1.x request: request line and header fields, as the parser checked them.
public struct H1RequestHead: Sendable, Equatable {
    /// The method (`GET`, `POST`, …), as libhttp-parser recognised it.
    public var method: String
    /// The request target exactly as sent (`/audit/v1/logs?limit=10`).
    public var target: String
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 (the major version is always 1).
    public var minorVersion: Int
    /// Header fields in arrival order; names lower-cased, values without surrounding whitespace.
    public var headers: [H1Field]
    /// Whether the connection may carry another request after this one (HTTP/1.1 without
    /// `Connection: close`, or HTTP/1.0 with `Connection: keep-alive`).
    public var keepAlive: Bool
    /// The body's length when `Content-Length` gave one; nil for a chunked body or none.
    public var contentLength: Int?
    /// Whether the body is sent chunked.
    public var chunked: Bool

    /// Makes a head (the parser builds these; tests may too).
    public init(
        method: String, target: String, minorVersion: Int = 1, headers: [H1Field] = [], keepAlive: Bool = true,
        contentLength: Int? = nil, chunked: Bool = false
    ) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.keepAlive = keepAlive
        self.contentLength = contentLength
        self.chunked = chunked
    }

    /// The target in origin form (`/path?query`): an absolute-form target
    /// (`http://host/path`, which RFC 9112 §3.2.2 says a server must accept) loses its scheme
    /// and authority; any other form is returned as sent.
    public var originFormTarget: String {
        let lower = target.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return target }
        let afterScheme = target[target.index(target.startIndex, offsetBy: lower.hasPrefix("http://") ? 7 : 8)...]
        guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let rest = afterScheme[slash...]
        return rest.first == "?" ? "/" + rest : String(rest)
    }

    /// The first value of a header, by lower-case name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// Whether the client waits for `100 Continue` before it sends the body (RFC 9110 §10.1.1).
    /// Only HTTP/1.1 clients may ask, and only a request with a body needs the answer.
    public var expectsContinue: Bool {
        guard minorVersion >= 1, chunked || (contentLength ?? 0) > 0, let expect = header("expect") else { return false }
        return expect.lowercased() == "100-continue"
    }
}

/// One header field of an HTTP/1.x message.
public struct H1Field: Sendable, Hashable {
    /// The field name, lower-cased.
    public var name: String
    /// The field value.
    public var value: String

    /// Makes a field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
