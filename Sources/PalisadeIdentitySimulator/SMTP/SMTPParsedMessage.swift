import Foundation

/// A recorded message read back: its header fields (unfolded, encoded-words decoded) and its
/// plain-text and HTML bodies (transfer encoding undone).
///
/// For tests and the inspection endpoint, reading what Palisade's own composer wrote: single
/// part `text/plain` or `text/html`, or `multipart/alternative` (one level deep), in
/// `7bit`/`8bit`, `quoted-printable` or `base64`, UTF-8. It is linear in the message's size and
/// never fails: what it does not understand it leaves out.
public struct SMTPParsedMessage: Sendable {
    /// Header fields in order: names as written, values unfolded and decoded.
    public let headers: [(name: String, value: String)]
    /// The `text/plain` body, decoded, with `\n` line endings.
    public let textBody: String?
    /// The `text/html` body, decoded, with `\n` line endings.
    public let htmlBody: String?

    /// Reads `data` (a message with CRLF line endings).
    public init(_ data: [UInt8]) {
        let (headers, body) = Self.split(data[...])
        self.headers = headers.map { ($0.name, SMTPMIMEDecoding.decodeEncodedWords($0.value)) }
        var text: String?
        var html: String?
        let type = headers.last { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        if type.lowercased().hasPrefix("multipart/"), let boundary = SMTPMIMEDecoding.parameter("boundary", in: type) {
            for part in SMTPMIMEDecoding.parts(of: body, boundary: boundary) {
                let (partHeaders, partBody) = Self.split(part)
                Self.assign(partHeaders, partBody, text: &text, html: &html)
            }
        } else {
            Self.assign(headers, body, text: &text, html: &html)
        }
        textBody = text
        htmlBody = html
    }

    /// The first field called `name` (case-insensitive), decoded.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// `Subject`, decoded.
    public var subject: String? { header("Subject") }
    /// `From`, decoded.
    public var from: String? { header("From") }
    /// `To`, decoded.
    public var to: String? { header("To") }
    /// `Message-ID`.
    public var messageID: String? { header("Message-ID") }

    private static func assign(
        _ headers: [(name: String, value: String)], _ body: ArraySlice<UInt8>, text: inout String?, html: inout String?
    ) {
        let type = (headers.last { $0.name.lowercased() == "content-type" }?.value ?? "text/plain").lowercased()
        let encoding = headers.last { $0.name.lowercased() == "content-transfer-encoding" }?.value ?? "7bit"
        let decoded = SMTPMIMEDecoding.decodeBody(body, transferEncoding: encoding)
        let string = String(decoding: decoded, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        if type.hasPrefix("text/plain"), text == nil { text = string }
        if type.hasPrefix("text/html"), html == nil { html = string }
    }

    /// Header fields (unfolded) and the body after the blank line.
    static func split(_ data: ArraySlice<UInt8>) -> ([(name: String, value: String)], ArraySlice<UInt8>) {
        var fields: [(name: String, value: String)] = []
        var index = data.startIndex
        while index < data.endIndex {
            let lineEnd = data[index...].firstIndex(of: 0x0A) ?? data.endIndex
            var contentEnd = lineEnd
            if contentEnd > index, data[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = data[index..<contentEnd]
            index = min(lineEnd + 1, data.endIndex)
            if line.isEmpty { break }
            if let first = line.first, first == 0x20 || first == 0x09, !fields.isEmpty {
                // Unfolding (RFC 5322 §2.2.3): the CRLF goes, the whitespace stays.
                fields[fields.count - 1].value += String(decoding: line, as: UTF8.self)
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
                fields.append((String(decoding: line[..<colon], as: UTF8.self), value))
            }
        }
        return (fields.map { ($0.name, $0.value.trimmingCharacters(in: .whitespaces)) }, data[index...])
    }
}
