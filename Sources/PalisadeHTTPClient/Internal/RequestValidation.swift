/// Checks a request before anything touches libcurl.
///
/// curl passes method and header strings to the wire verbatim, so a CR or LF in a value
/// taken from user input (a Slack channel name, an Okta login) would let it inject headers or
/// a second request. Rejecting them here turns that into a clear ``HTTPClientError``.
enum RequestValidation {
    static func check(_ request: HTTPRequest, subject: String) throws(HTTPClientError) {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw HTTPClientError(
                code: .invalidRequest,
                message: "\(subject): the method must be a non-empty HTTP token such as GET or POST"
            )
        }
        let lowered = request.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw HTTPClientError(
                code: .invalidURL,
                message: "\(subject): only absolute http:// and https:// URLs are supported"
            )
        }
        guard !request.url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw HTTPClientError(
                code: .invalidURL,
                message: "\(subject): the URL contains spaces or control characters; percent-encode them"
            )
        }
        if request.method == "HEAD" && request.body != nil {
            throw HTTPClientError(code: .invalidRequest, message: "\(subject): a HEAD request cannot carry a body")
        }
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
                throw HTTPClientError(
                    code: .invalidRequest,
                    message: "\(subject): header name \"\(sanitized(field.name))\" is not a valid HTTP token"
                )
            }
            // The value is not quoted in the message: it may be a credential.
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw HTTPClientError(
                    code: .invalidRequest,
                    message: "\(subject): the value of header \(field.name) contains a line break or NUL"
                )
            }
        }
    }

    /// `tchar` from RFC 9110 §5.6.2.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A bad header name is echoed for debugging, minus anything that could forge a log line.
    private static func sanitized(_ text: String) -> String {
        String(text.prefix(64).map { $0.isASCII && !$0.isNewline && ($0.asciiValue ?? 0) >= 0x20 ? $0 : "?" })
    }
}
