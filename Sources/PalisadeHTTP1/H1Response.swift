internal import CHttpParser

/// Writes HTTP/1.1 response heads.
public enum H1Response {
    /// `HTTP/1.1 100 Continue`: the answer to `Expect: 100-continue` when the body is welcome.
    public static let continueHead = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The status line and header fields of a response, ending with the blank line.
    ///
    /// `contentLength` is always stated (this server never answers close-delimited), and
    /// `Connection: close` is added when `close` is set. The handler's own `content-length`,
    /// `connection`, `transfer-encoding` and `keep-alive` fields are dropped: framing is the
    /// server's to state. A CR, LF or NUL in a name or value becomes a space, so a value that
    /// came from a request can never split the head.
    public static func head(status: Int, headers: [(name: String, value: String)], contentLength: Int, close: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 48)
        out.append(contentsOf: "HTTP/1.1 \(status) \(reason(status))\r\n".utf8)
        for (name, value) in headers {
            switch name.lowercased() {
            case "content-length", "connection", "transfer-encoding", "keep-alive": continue
            default: break
            }
            appendClean(name, to: &out)
            out.append(contentsOf: ": ".utf8)
            appendClean(value, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "content-length: \(contentLength)\r\n".utf8)
        if close { out.append(contentsOf: "connection: close\r\n".utf8) }
        out.append(contentsOf: "\r\n".utf8)
        return out
    }

    /// The reason phrase for a status (`OK`, `Not Found`, …), from libhttp-parser's table.
    public static func reason(_ status: Int) -> String {
        guard (100...599).contains(status) else { return "Unknown" }
        return String(cString: http_status_str(http_status(rawValue: UInt32(status))))
    }

    private static func appendClean(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte == 0x0D || byte == 0x0A || byte == 0 ? 0x20 : byte)
        }
    }
}
