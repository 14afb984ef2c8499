internal import CCurl

/// One request in flight: owns its curl easy handle, the header list and error buffer curl
/// points into, and the buffers the callbacks fill.
///
/// Lifetime (curl's rule: remove an easy handle from the multi handle before
/// `curl_easy_cleanup`): the worker removes it, then drops its reference, and `deinit` frees
/// the handle, the list and the buffer; nothing else ever holds the raw pointers.
///
/// `@unchecked Sendable` because it crosses threads exactly once: the calling task builds it in
/// ``make(id:request:configuration:)`` and hands it to the worker through the worker's mutex;
/// from then on only the worker thread (curl's callbacks included) touches it.
final class CurlTransfer: CurlJob, @unchecked Sendable {
    typealias Outcome = Result<HTTPResponse, HTTPClientError>

    /// Identifies the transfer to ``CurlWorker/cancel(_:)``.
    let id: UInt64
    /// The easy handle (`CURL *`), owned.
    let easy: UnsafeMutableRawPointer
    /// Everything an error message may say about this request (no secrets).
    private(set) var context: HTTPClientError.TransferContext
    /// "METHOD redacted-url", the start of every message about this transfer.
    var subject: String { "\(context.method) \(context.url)" }
    /// Resumed exactly once, by ``finish(_:)``.
    var continuation: UnsafeContinuation<Outcome, Never>?

    // Filled by curl's callbacks on the worker thread.
    private var responseHeaders: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    private var receivedBytes = 0

    /// `curl_slist` of request headers; curl reads it during the transfer, so it lives as long.
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// `CURLOPT_ERRORBUFFER` target; curl requires at least `CURL_ERROR_SIZE` bytes that live
    /// as long as the handle.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private init(id: UInt64, easy: UnsafeMutableRawPointer, context: HTTPClientError.TransferContext) {
        self.id = id
        self.easy = easy
        self.context = context
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Validates the request and builds a configured easy handle for it.
    static func make(
        id: UInt64,
        request: HTTPRequest,
        configuration: HTTPClient.Configuration
    ) throws(HTTPClientError) -> CurlTransfer {
        let context = HTTPClientError.TransferContext(
            method: request.method,
            url: RedactedURL(request.url),
            timeout: request.timeout,
            connectTimeout: configuration.connectTimeout,
            maxResponseSize: configuration.maxResponseSize,
            exceededResponseLimit: false,
            curlDetail: ""
        )
        try RequestValidation.check(request, subject: "\(context.method) \(context.url)")
        guard let easy = curl_easy_init() else {
            throw HTTPClientError(
                code: .transport,
                message: "\(context.method) \(context.url): curl_easy_init failed (out of memory?)"
            )
        }
        // From here the transfer owns `easy`: a throw below frees it in deinit.
        let transfer = CurlTransfer(id: id, easy: easy, context: context)
        var options = CurlOptions(easy: easy, subject: "\(context.method) \(context.url)")
        try transfer.configure(&options, request: request, configuration: configuration)
        return transfer
    }

    private func configure(
        _ options: inout CurlOptions,
        request: HTTPRequest,
        configuration: HTTPClient.Configuration
    ) throws(HTTPClientError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try options.set(CURLOPT_URL, request.url, "CURLOPT_URL")
        // Only the web: no file://, ftp://, ... even if a URL comes from configuration or a redirect.
        try options.set(CURLOPT_PROTOCOLS_STR, "http,https", "CURLOPT_PROTOCOLS_STR")
        let isHTTPS = request.url.lowercased().hasPrefix("https:")
        try options.set(CURLOPT_REDIR_PROTOCOLS_STR, isHTTPS ? "https" : "http,https", "CURLOPT_REDIR_PROTOCOLS_STR")
        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer), "CURLOPT_ERRORBUFFER")
        try options.setCallback(CURLOPT_WRITEFUNCTION, curlWriteCallback, "CURLOPT_WRITEFUNCTION")
        try options.set(CURLOPT_WRITEDATA, pointer: me, "CURLOPT_WRITEDATA")
        try options.setCallback(CURLOPT_HEADERFUNCTION, curlHeaderCallback, "CURLOPT_HEADERFUNCTION")
        try options.set(CURLOPT_HEADERDATA, pointer: me, "CURLOPT_HEADERDATA")
        // Signals are process-wide; with NOSIGNAL curl never installs SIGALRM/SIGPIPE handlers
        // behind the runtime's back (curl's docs require it for multi-threaded programs).
        try options.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try options.set(CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds, "CURLOPT_TIMEOUT_MS")
        try options.set(
            CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds, "CURLOPT_CONNECTTIMEOUT_MS")
        try options.set(CURLOPT_ACCEPT_ENCODING, "", "CURLOPT_ACCEPT_ENCODING")
        try options.set(CURLOPT_USERAGENT, configuration.userAgent, "CURLOPT_USERAGENT")
        try options.set(CURLOPT_TCP_KEEPALIVE, 1, "CURLOPT_TCP_KEEPALIVE")
        try options.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2, "CURLOPT_SSLVERSION")
        // Rejects a too-large response up front when the server announces its size.
        try options.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(configuration.maxResponseSize), "CURLOPT_MAXFILESIZE_LARGE")
        if configuration.allowHTTP2 {
            // 2TLS: h2 via ALPN for https, HTTP/1.1 for cleartext (no h2c upgrade dance).
            try options.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS, "CURLOPT_HTTP_VERSION")
            // Wait for a connection being set up to the same host rather than opening a second
            // one, so concurrent requests share one multiplexed h2 connection.
            if isHTTPS { try options.set(CURLOPT_PIPEWAIT, 1, "CURLOPT_PIPEWAIT") }
        } else {
            try options.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1, "CURLOPT_HTTP_VERSION")
        }
        if configuration.followRedirects {
            try options.set(CURLOPT_FOLLOWLOCATION, 1, "CURLOPT_FOLLOWLOCATION")
            try options.set(CURLOPT_MAXREDIRS, configuration.maxRedirects, "CURLOPT_MAXREDIRS")
        }
        if let caFile = configuration.caFile {
            try options.set(CURLOPT_CAINFO, caFile, "CURLOPT_CAINFO")
        }
        if let identity = configuration.clientCertificate {
            try options.set(CURLOPT_SSLCERT, identity.certificateFile, "CURLOPT_SSLCERT")
            try options.set(CURLOPT_SSLKEY, identity.keyFile, "CURLOPT_SSLKEY")
        }
        switch configuration.proxy.kind {
        case .environment: break  // curl reads http_proxy, https_proxy, no_proxy itself
        case .direct: try options.set(CURLOPT_PROXY, "", "CURLOPT_PROXY")
        case .url(let proxy): try options.set(CURLOPT_PROXY, proxy, "CURLOPT_PROXY")
        }
        // A proxy's CONNECT response is not the server's response.
        try options.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1, "CURLOPT_SUPPRESS_CONNECT_HEADERS")
        try configureMethodAndBody(&options, request: request)
        headerList = try options.setHeaders(request.headers, hasBody: request.body != nil || request.method == "POST")
    }

    private func configureMethodAndBody(_ options: inout CurlOptions, request: HTTPRequest) throws(HTTPClientError) {
        switch request.method {
        case "GET" where request.body == nil:
            try options.set(CURLOPT_HTTPGET, 1, "CURLOPT_HTTPGET")
        case "HEAD":
            try options.set(CURLOPT_NOBODY, 1, "CURLOPT_NOBODY")
        case "POST":
            // POST without a body still sends Content-Length: 0, which some APIs insist on.
            try options.setBody(request.body ?? [])
        default:
            try options.set(CURLOPT_CUSTOMREQUEST, request.method, "CURLOPT_CUSTOMREQUEST")
            if let body = request.body { try options.setBody(body) }
        }
    }

    // MARK: Called by the callbacks (worker thread)

    /// Appends body bytes; `false` makes curl abort the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard admit(bytes.count) else { return false }
        if body.isEmpty { reserveDeclaredLength() }
        body.append(contentsOf: bytes)
        return true
    }

    /// Sizes the body buffer once from `content-length` (within the response limit), so a
    /// multi-megabyte body is not copied into ever larger buffers as it arrives.
    private func reserveDeclaredLength() {
        guard let field = responseHeaders.last(where: { $0.name.lowercased() == "content-length" }),
            let length = Int(field.value), length > 0
        else { return }
        body.reserveCapacity(min(length, context.maxResponseSize))
    }

    /// Records one header line. A status line starts a new header block, so that interim
    /// responses (100, 103) and followed redirects leave only the final response's headers.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard admit(bytes.count) else { return false }
        // Trim CR LF as bytes: decoded, "\r\n" is one Character and would not match "\r" or "\n".
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        let line = Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self))
        if line.hasPrefix("HTTP/") {
            responseHeaders.removeAll(keepingCapacity: true)
        } else if let first = line.first, first == " " || first == "\t", !responseHeaders.isEmpty {
            // Obsolete line folding (RFC 9112 §5.2): continue the previous value.
            responseHeaders[responseHeaders.count - 1].value += " " + line.trimmingSpaces()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingSpaces()
            responseHeaders.append((name: name, value: value))
        }
        return true
    }

    /// Headers and body together may not exceed the configured maximum.
    private func admit(_ count: Int) -> Bool {
        receivedBytes += count
        if receivedBytes > context.maxResponseSize {
            context.exceededResponseLimit = true
            return false
        }
        return true
    }

    // MARK: Completion (worker thread)

    /// Turns curl's final result for this transfer into the outcome the caller receives.
    func outcome(for rc: CURLcode) -> Outcome {
        guard rc == CURLE_OK else {
            context.curlDetail = String(cString: errorBuffer)
            return .failure(.fromCurl(rc, context))
        }
        var status = 0
        _ = CCurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = CCurl_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        let response = HTTPResponse(
            status: status,
            headers: HTTPHeaders(responseHeaders),
            body: body,
            httpVersion: Self.versionName(version)
        )
        body = []
        return .success(response)
    }

    func complete(_ result: CURLcode) {
        finish(outcome(for: result))
    }

    func abort(_ reason: CurlAbort) {
        finish(.failure(.aborted(reason, subject: subject)))
    }

    /// Resumes the waiting caller; later calls are ignored, so a race between completion and
    /// shutdown can never resume twice.
    private func finish(_ outcome: Outcome) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(returning: outcome)
    }

    private static func versionName(_ curlVersion: Int) -> String {
        switch curlVersion {
        case CURL_HTTP_VERSION_1_0: "1.0"
        case CURL_HTTP_VERSION_2_0: "2"
        case CURL_HTTP_VERSION_3: "3"
        default: "1.1"
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
