/// Finds the end of an HTTP/1.1 request head as its bytes arrive, and rejects a request line
/// that cannot be one as soon as a wrong byte shows up (a TLS ClientHello, binary noise), so
/// garbage is answered at once instead of at the timeout.
///
/// Lines may end in CRLF or a bare LF (RFC 9112 §2.2 lets a server accept either); empty lines
/// before the request line are skipped (§2.2 again).
struct MetricsHeadScan {
    /// What is known after the bytes so far.
    enum Result: Equatable {
        /// The head is not complete yet.
        case needMore
        /// The head ends just before this offset (after its empty line).
        case complete(Int)
        /// The request line has a byte no request line has.
        case malformed
    }

    private var position = 0
    private var lineStart = 0
    private var inRequestLine = true

    /// Scans the bytes of `head` not scanned before (`head` only ever grows).
    mutating func advance(over head: [UInt8]) -> Result {
        while position < head.count {
            let byte = head[position]
            position += 1
            if byte == ASCII.lf {
                var end = position - 1
                if end > lineStart && head[end - 1] == ASCII.cr { end -= 1 }
                let isEmpty = end == lineStart
                lineStart = position
                if !isEmpty {
                    inRequestLine = false
                } else if !inRequestLine {
                    return .complete(position)
                }
            } else if inRequestLine && !(byte == ASCII.space || byte == ASCII.cr || ASCII.isVisible(byte)) {
                return .malformed
            }
        }
        return .needMore
    }
}

/// What a complete request head asks for, as far as a metrics listener cares.
struct MetricsRequest: Equatable {
    /// The answer the request gets.
    enum Outcome: Equatable {
        /// `GET` or `HEAD` of `/metrics`.
        case metrics
        /// Another path.
        case notFound
        /// Another method on `/metrics`.
        case methodNotAllowed
        /// Not a well-formed HTTP/1.x request head.
        case badRequest
        /// Well-formed, but HTTP/2 or later (e.g. an HTTP/2 prior-knowledge preface).
        case versionNotSupported
    }

    let outcome: Outcome
    /// Whether the method was `HEAD`: the response then has no body.
    let isHead: Bool

    /// Parses a complete head (including its final empty line). Strict where a lenient reading
    /// could be ambiguous (RFC 9112: obsolete line folding, bare CR, whitespace before a colon,
    /// a missing or repeated `Host` are all 400), lenient where it cannot (LF line ends).
    static func parse(_ head: ArraySlice<UInt8>) -> MetricsRequest {
        let bad = MetricsRequest(outcome: .badRequest, isHead: false)
        var lines = head.split(separator: ASCII.lf, omittingEmptySubsequences: false).map { line in
            line.last == ASCII.cr ? line.dropLast() : line
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let blank = lines.firstIndex(where: { $0.isEmpty }), blank > 0 else { return bad }
        lines = Array(lines[..<blank])
        guard !lines.contains(where: { $0.contains(ASCII.cr) }) else { return bad }

        let parts = lines[0].split(separator: ASCII.space, omittingEmptySubsequences: false)
        guard parts.count == 3, let version = Version(parts[2]),
            !parts[0].isEmpty, parts[0].allSatisfy(ASCII.isTokenCharacter),
            !parts[1].isEmpty, parts[1].allSatisfy(ASCII.isVisible)
        else { return bad }
        var hosts = 0
        for field in lines.dropFirst() {
            guard let colon = field.firstIndex(of: ASCII.colon), colon > field.startIndex,
                field[..<colon].allSatisfy(ASCII.isTokenCharacter),
                field[(colon + 1)...].allSatisfy({ $0 == ASCII.tab || $0 == ASCII.space || $0 >= 0x80 || ASCII.isVisible($0) })
            else { return bad }
            if field[..<colon].map(ASCII.lowercased).elementsEqual("host".utf8) { hosts += 1 }
        }
        // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host, or any request with
        // several, gets 400.
        guard hosts <= 1, version != Version(major: 1, minor: 1) || hosts == 1 else { return bad }

        let method = String(decoding: parts[0], as: UTF8.self)
        let isHead = method == "HEAD"
        guard version.major == 1 else { return MetricsRequest(outcome: .versionNotSupported, isHead: isHead) }
        guard path(of: parts[1]).elementsEqual("/metrics".utf8) else {
            return MetricsRequest(outcome: .notFound, isHead: isHead)
        }
        guard method == "GET" || isHead else { return MetricsRequest(outcome: .methodNotAllowed, isHead: false) }
        return MetricsRequest(outcome: .metrics, isHead: isHead)
    }

    /// The path of a request target: origin form (`/metrics?x`) or absolute form
    /// (`http://host/metrics`, sent through proxies), without query or fragment.
    private static func path(of target: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var rest = target
        if let scheme = rest.firstRange(of: Array("://".utf8)), rest[..<scheme.lowerBound].allSatisfy(ASCII.isLetter) {
            rest = rest[scheme.upperBound...]
            rest = rest[(rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex)...]
        }
        let end = rest.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        return rest[..<end]
    }

    /// `HTTP/<digit>.<digit>`.
    private struct Version: Equatable {
        let major: UInt8
        let minor: UInt8

        init(major: UInt8, minor: UInt8) {
            self.major = major
            self.minor = minor
        }

        init?(_ text: ArraySlice<UInt8>) {
            let bytes = Array(text)
            guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8), bytes[6] == UInt8(ascii: "."),
                ASCII.isDigit(bytes[5]), ASCII.isDigit(bytes[7])
            else { return nil }
            major = bytes[5] - UInt8(ascii: "0")
            minor = bytes[7] - UInt8(ascii: "0")
        }
    }
}

/// The bytes of the listener's responses: always `Connection: close` and a `Content-Length`.
enum MetricsResponse {
    /// The response to a parsed request; `render` is called only for `/metrics`.
    static func answer(_ request: MetricsRequest, render: () -> [UInt8]) -> [UInt8] {
        switch request.outcome {
        case .metrics:
            return make(status: "200 OK", contentType: MetricsListener.contentType, body: render(), isHead: request.isHead)
        case .notFound:
            return error(404, "Not Found", isHead: request.isHead)
        case .methodNotAllowed:
            return error(405, "Method Not Allowed", isHead: request.isHead, extraHeaders: "Allow: GET, HEAD\r\n")
        case .badRequest:
            return error(400, "Bad Request", isHead: false)
        case .versionNotSupported:
            return error(505, "HTTP Version Not Supported", isHead: request.isHead)
        }
    }

    /// A short plain-text error response whose body repeats the status.
    static func error(_ code: Int, _ reason: String, isHead: Bool, extraHeaders: String = "") -> [UInt8] {
        make(
            status: "\(code) \(reason)", contentType: "text/plain; charset=utf-8",
            body: Array("\(code) \(reason.lowercased())\n".utf8), isHead: isHead, extraHeaders: extraHeaders)
    }

    /// The status line, headers and (unless `isHead`) body. A HEAD response carries the
    /// `Content-Length` the GET would have had.
    private static func make(
        status: String, contentType: String, body: [UInt8], isHead: Bool,
        extraHeaders: String = ""
    ) -> [UInt8] {
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + "\(extraHeaders)Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        return isHead ? Array(head.utf8) : Array(head.utf8) + body
    }
}

/// The byte classes of RFC 9110/9112.
private enum ASCII {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// VCHAR: a printable character other than space.
    static func isVisible(_ byte: UInt8) -> Bool { (0x21...0x7E).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    /// tchar: the characters of a method or a field name.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}
