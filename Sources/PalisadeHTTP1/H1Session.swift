internal import CHttpParser

/// The server side of one HTTP/1.x connection's input, without I/O: bytes in, ``H1Event``s out.
///
/// Parsing is libhttp-parser's (Debian's `libhttp-parser`, nodejs/http-parser 2.9), in its strict
/// mode: the request-smuggling shapes of RFC 9112 §6 are refused there (`Content-Length` together
/// with `Transfer-Encoding`, two `Content-Length`s, a `Transfer-Encoding` whose last coding is not
/// `chunked`, bad chunk sizes, bare CR/LF in fields). On top of it this type bounds what a client
/// can make the server hold: the head's size and field count, the body's size, and the input
/// buffered behind a request that is still being answered. It also refuses what the parser lets
/// through but a server must not serve: a major version other than 1, an HTTP/1.1 request
/// without exactly one `Host`, and `CONNECT`.
///
/// One request is read at a time: after ``H1Event/end`` the session keeps later bytes (pipelined
/// requests) until ``resume()``, so answers leave in request order. Callbacks only record; the
/// caller acts on ``takeEvents()``.
public final class H1Session {
    /// What one client may make the session hold.
    public struct Limits: Sendable, Hashable {
        /// The largest request head: request line plus header fields (431 beyond).
        public var maxHeadBytes: Int
        /// The most header fields in one head (431 beyond).
        public var maxFields: Int
        /// The largest request body (413 beyond, before the body is read when its length is
        /// announced).
        public var maxBodyBytes: Int

        /// Makes limits; the defaults match the RPC server's (16 KiB heads, 4 MiB bodies).
        public init(maxHeadBytes: Int = 16 << 10, maxFields: Int = 100, maxBodyBytes: Int = 4 << 20) {
            self.maxHeadBytes = maxHeadBytes
            self.maxFields = maxFields
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// The bounds applied.
    public let limits: Limits
    private let parser: UnsafeMutablePointer<http_parser>
    private let settings: UnsafeMutablePointer<http_parser_settings>
    private var events: [H1Event] = []
    /// Input that arrived while a complete request waits for its answer.
    private var pending: [UInt8] = []
    private var paused = false
    private var failure: H1ParseError?

    // The request being read.
    private var target: [UInt8] = []
    private var fieldName: [UInt8] = []
    private var fieldValue: [UInt8] = []
    private var readingValue = false
    private var fields: [H1Field] = []
    private var headBytes = 0
    private var bodyBytes = 0
    /// Set by a callback that refuses the request (it then returns non-zero to stop the parser).
    private var refusal: H1ParseError?

    /// Makes a session for a new connection.
    public init(limits: Limits = Limits()) {
        self.limits = limits
        parser = .allocate(capacity: 1)
        http_parser_init(parser, HTTP_REQUEST)
        settings = .allocate(capacity: 1)
        http_parser_settings_init(settings)
        H1Callbacks.install(in: settings)
    }

    deinit {
        parser.deallocate()
        settings.deallocate()
    }

    /// Whether the input broke a rule (the session reads nothing more).
    public var hasFailed: Bool { failure != nil }

    /// Whether a request has begun and has not ended yet (its head or body is still arriving).
    public private(set) var isReadingRequest = false

    /// Bytes held behind a complete request until ``resume()``.
    public var bufferedBytes: Int { pending.count }

    /// Feeds bytes from the connection. While a complete request waits for ``resume()`` they are
    /// kept as they are (the caller stops reading when ``bufferedBytes`` grows too large).
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !bytes.isEmpty else { return }
        if paused {
            pending.append(contentsOf: bytes)
            return
        }
        execute(bytes)
    }

    /// The events recorded since the last call, in order.
    public func takeEvents() -> [H1Event] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// The last request was answered: read the next one from the input kept meanwhile.
    public func resume() {
        guard paused, failure == nil else { return }
        paused = false
        http_parser_pause(parser, 0)
        let kept = pending
        pending = []
        kept.withUnsafeBytes { execute($0) }
    }

    private func execute(_ bytes: UnsafeRawBufferPointer) {
        parser.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        let consumed = http_parser_execute(parser, settings, base, bytes.count)
        let code = palisade_http_errno(parser)
        if code == HPE_PAUSED {
            // A request ended; what follows it waits for `resume()`.
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
        } else if code != HPE_OK {
            fail(refusal ?? Self.error(for: code))
        } else if consumed < bytes.count {
            // libhttp-parser stops early without an error only to hand over to another protocol
            // (an upgrade); a request that asks to upgrade (`Upgrade: h2c`) ends first, which
            // pauses us above, and CONNECT is refused. Never serve what follows blindly.
            fail(H1ParseError(status: 400, "malformed request: the parser stopped before the end of the input"))
        }
    }

    private func fail(_ error: H1ParseError) {
        guard failure == nil else { return }
        failure = error
        pending = []
        events.append(.failed(error))
    }

    /// The answer for an error libhttp-parser reported.
    static func error(for code: http_errno) -> H1ParseError {
        let description = String(cString: http_errno_description(code))
        switch code {
        case HPE_HEADER_OVERFLOW: return H1ParseError(status: 431, "the request head is too large")
        case HPE_INVALID_METHOD: return H1ParseError(status: 501, "unknown request method")
        default: return H1ParseError(status: 400, "malformed request: \(description)")
        }
    }

    // MARK: Callbacks (recording only)

    func messageBegan() -> Int32 {
        isReadingRequest = true
        target.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        fieldName.removeAll(keepingCapacity: true)
        fieldValue.removeAll(keepingCapacity: true)
        readingValue = false
        headBytes = 0
        bodyBytes = 0
        events.append(.requestBegan)
        return 0
    }

    func url(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard charge(bytes.count) else { return 1 }
        target.append(contentsOf: bytes)
        return 0
    }

    func headerField(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if readingValue {
            guard commitField() else { return 1 }
            guard fields.count < limits.maxFields else {
                return refuse(431, "the request has more than \(limits.maxFields) header fields")
            }
        }
        // Each field costs its framing too (": " and CRLF), so many empty fields still add up.
        guard charge(bytes.count + (fieldName.isEmpty ? 4 : 0)) else { return 1 }
        fieldName.append(contentsOf: bytes)
        return 0
    }

    func headerValue(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard charge(bytes.count) else { return 1 }
        readingValue = true
        fieldValue.append(contentsOf: bytes)
        return 0
    }

    /// Adds the field read so far to the head; false (with a 400 recorded) when its name is not
    /// a token. libhttp-parser takes `Content-Length : 4` as a field named `content-length `; a
    /// proxy in front might read it as the length, so RFC 9112 §5.1 says refuse it.
    private func commitField() -> Bool {
        guard !fieldName.isEmpty, fieldName.allSatisfy(Self.isTokenByte) else {
            _ = refuse(400, "malformed request: invalid header field name '\(String(decoding: fieldName.prefix(64), as: UTF8.self))'")
            return false
        }
        let name = String(decoding: fieldName, as: UTF8.self).lowercased()
        var value = fieldValue[...]
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        fields.append(H1Field(name, String(decoding: value, as: UTF8.self)))
        fieldName.removeAll(keepingCapacity: true)
        fieldValue.removeAll(keepingCapacity: true)
        readingValue = false
        return true
    }

    /// RFC 9110 §5.6.2 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Adds head bytes; false (with a 431 recorded) past the limit.
    private func charge(_ count: Int) -> Bool {
        headBytes += count
        guard headBytes <= limits.maxHeadBytes else {
            _ = refuse(431, "the request head exceeds \(limits.maxHeadBytes) bytes")
            return false
        }
        return true
    }

    private func refuse(_ status: Int, _ message: String) -> Int32 {
        refusal = H1ParseError(status: status, message)
        return 1
    }

    func headersComplete() -> Int32 {
        // On `headers_complete`, any return other than 0, 1 or 2 is an error (1 and 2 skip the body).
        let error: Int32 = -1
        if !fieldName.isEmpty || readingValue {
            guard commitField() else { return error }
        }
        let p = parser.pointee
        guard p.http_major == 1 else {
            refusal = H1ParseError(status: 505, "only HTTP/1.0 and HTTP/1.1 are served on this protocol")
            return error
        }
        let method = String(cString: http_method_str(http_method(rawValue: p.method)))
        guard method != "CONNECT" else {
            refusal = H1ParseError(status: 501, "CONNECT is not served here")
            return error
        }
        let hosts = fields.lazy.filter { $0.name == "host" }.count
        if p.http_minor >= 1, hosts != 1 {
            refusal = H1ParseError(status: 400, hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "more than one Host header")
            return error
        }
        let chunked = p.flags & UInt32(F_CHUNKED.rawValue) != 0
        var length: Int?
        if p.flags & UInt32(F_CONTENTLENGTH.rawValue) != 0 { length = Int(clamping: p.content_length) }
        if let length, length > limits.maxBodyBytes {
            refusal = H1ParseError(status: 413, "the request body of \(length) bytes exceeds \(limits.maxBodyBytes) bytes")
            return error
        }
        let head = H1RequestHead(
            method: method, target: String(decoding: target, as: UTF8.self), minorVersion: Int(p.http_minor),
            headers: fields, keepAlive: http_should_keep_alive(parser) != 0, contentLength: length, chunked: chunked)
        events.append(.head(head))
        return 0
    }

    func body(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        bodyBytes += bytes.count
        guard bodyBytes <= limits.maxBodyBytes else {
            return refuse(413, "the request body exceeds \(limits.maxBodyBytes) bytes")
        }
        events.append(.body(Array(bytes)))
        return 0
    }

    func messageComplete() -> Int32 {
        isReadingRequest = false
        paused = true
        events.append(.end)
        http_parser_pause(parser, 1)
        return 0
    }
}
