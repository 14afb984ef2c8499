import Foundation

/// The decoders ``SMTPParsedMessage`` needs: RFC 2047 encoded-words, quoted-printable,
/// base64 and multipart splitting. Each is a single linear pass over bounded input.
enum SMTPMIMEDecoding {
    /// `text` with its encoded-words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`, also us-ascii and
    /// iso-8859-1) decoded. Whitespace between two adjacent encoded-words is dropped (§6.2);
    /// a word in another charset or malformed stays as it is.
    static func decodeEncodedWords(_ text: String) -> String {
        var out = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        var rest = Substring(text)
        while !rest.isEmpty {
            let spaceEnd = rest.firstIndex { $0 != " " && $0 != "\t" } ?? rest.endIndex
            let space = rest[..<spaceEnd]
            rest = rest[spaceEnd...]
            let wordEnd = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
            let word = rest[..<wordEnd]
            rest = rest[wordEnd...]
            if let decoded = decodeEncodedWord(word) {
                out += previousWasEncoded ? "" : String(space)
                out += decoded
                previousWasEncoded = true
            } else {
                out += String(space) + word
                previousWasEncoded = false
            }
            pendingSpace = ""
        }
        return out + pendingSpace
    }

    private static func decodeEncodedWord(_ word: Substring) -> String? {
        guard word.hasPrefix("=?"), word.hasSuffix("?="), word.count >= 8 else { return nil }
        let parts = word.dropFirst(2).dropLast(2).split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = parts[0].lowercased()
        let bytes: [UInt8]
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[2])) else { return nil }
            bytes = Array(data)
        case "Q":
            // Like quoted-printable, plus "_" for a space (§4.2).
            bytes = quotedPrintable(Array(parts[2].utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }[...])
        default:
            return nil
        }
        switch charset {
        case "utf-8", "us-ascii": return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1": return String(bytes.map { Character(Unicode.Scalar($0)) })
        default: return nil
        }
    }

    /// The value of `name=` in a header value such as `multipart/alternative; boundary="x"`.
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            let raw = pair[1].trimmingCharacters(in: .whitespaces)
            return raw.hasPrefix("\"") && raw.hasSuffix("\"") && raw.count >= 2 ? String(raw.dropFirst().dropLast()) : raw
        }
        return nil
    }

    /// The parts between `--boundary` lines, each without the CRLF that belongs to the next
    /// delimiter; stops at `--boundary--`.
    static func parts(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[index..<lineEnd]
            if line.starts(with: delimiter) {
                if let start = partStart {
                    var end = index
                    if end - 2 >= start, body[end - 2] == 0x0D, body[end - 1] == 0x0A { end -= 2 }
                    parts.append(body[start..<max(start, end)])
                }
                if line.dropFirst(delimiter.count).starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { break }
                partStart = min(lineEnd + 1, body.endIndex)
            }
            index = min(lineEnd + 1, body.endIndex)
        }
        return parts
    }

    /// Undoes a `Content-Transfer-Encoding`; unknown ones come back as they are.
    static func decodeBody(_ body: ArraySlice<UInt8>, transferEncoding: String) -> [UInt8] {
        switch transferEncoding.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64":
            let text = body.filter { $0 != 0x0D && $0 != 0x0A && $0 != 0x20 }
            return Data(base64Encoded: Data(text)).map { Array($0) } ?? Array(body)
        case "quoted-printable":
            return quotedPrintable(body)
        default:
            return Array(body)
        }
    }

    /// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at the end of a line a soft break.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            let next = bytes[(index + 1)...].prefix(2)
            if next.first == 0x0D || next.first == 0x0A {
                index += next.starts(with: [0x0D, 0x0A]) ? 3 : 2
            } else if next.count == 2, let value = UInt8(String(decoding: next, as: UTF8.self), radix: 16) {
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
