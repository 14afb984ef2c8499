import Foundation

/// The encodings a composed message needs (RFC 2045, RFC 2047, RFC 5322), as pure functions
/// over bytes so each is testable on its own. Composing only: nothing here parses mail.
enum SMTPMIMEEncoding {
    static let crlf: [UInt8] = [0x0D, 0x0A]
    /// RFC 5322 §2.1.1: lines "SHOULD be no more than 78 characters", "MUST be no more than 998".
    static let preferredLineLength = 78
    static let maximumLineLength = 998

    // MARK: Line endings

    /// `text` as UTF-8 with every line ending (`\r\n`, `\n`, a lone `\r`) made CRLF, ending in
    /// CRLF, so what is sent never depends on how the caller's string was built.
    static func normalizedLines(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var previousCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D:
                out += crlf
                previousCR = true
            case 0x0A:
                if !previousCR { out += crlf }
                previousCR = false
            default:
                out.append(byte)
                previousCR = false
            }
        }
        if !out.isEmpty, out.suffix(2) != crlf[...] { out += crlf }
        return out
    }

    // MARK: Content-Transfer-Encoding

    /// Quoted-printable (RFC 2045 §6.7) of CRLF-separated lines: CRLF stays a hard line break,
    /// every other byte outside printable ASCII becomes `=XX`, as do `=` and whitespace at the end
    /// of a line, and soft line breaks (`=` CRLF) keep each encoded line within 76 characters.
    static func quotedPrintable(_ lines: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.count * 11 / 10 + 8)
        var lineLength = 0
        var index = 0
        func emit(_ piece: [UInt8]) {
            // 75 leaves room for the "=" of a soft line break within the 76-character limit.
            if lineLength + piece.count > 75 {
                out += [UInt8(ascii: "=")] + crlf
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
        }
        while index < lines.count {
            let byte = lines[index]
            if byte == 0x0D, index + 1 < lines.count, lines[index + 1] == 0x0A {
                out += crlf
                lineLength = 0
                index += 2
                continue
            }
            let atLineEnd = index + 1 == lines.count || lines[index + 1] == 0x0D
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            emit(literal ? [byte] : escaped(byte))
            index += 1
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func escaped(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    /// Base64 in lines of 76 characters separated by CRLF, ending in CRLF (RFC 2045 §6.8).
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        let text = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array(text.utf8) + crlf
    }

    /// The transfer encoding for a body of CRLF lines and its encoded bytes: `7bit` when it is
    /// ASCII with lines within 998 octets; else quoted-printable while at most a third of the
    /// bytes are non-ASCII (accented Latin text stays readable), base64 beyond that (Greek,
    /// Cyrillic, CJK text, where quoted-printable would triple the size).
    static func encodeBody(_ lines: [UInt8]) -> (encoding: String, bytes: [UInt8]) {
        if lines.allSatisfy({ $0 < 0x80 && $0 != 0 }), longestLine(lines) <= maximumLineLength, !hasBareCROrLF(lines) {
            return ("7bit", lines)
        }
        let nonASCII = lines.count { $0 >= 0x80 }
        return nonASCII * 3 <= lines.count ? ("quoted-printable", quotedPrintable(lines)) : ("base64", base64Lines(lines))
    }

    private static func longestLine(_ lines: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for byte in lines {
            if byte == 0x0A || byte == 0x0D {
                current = 0
            } else {
                current += 1
                longest = max(longest, current)
            }
        }
        return longest
    }

    private static func hasBareCROrLF(_ lines: [UInt8]) -> Bool {
        var index = 0
        while index < lines.count {
            switch lines[index] {
            case 0x0D:
                guard index + 1 < lines.count, lines[index + 1] == 0x0A else { return true }
                index += 2
            case 0x0A:
                return true
            default:
                index += 1
            }
        }
        return false
    }

    // MARK: Headers

    /// RFC 2047 encoded-words (`=?UTF-8?B?…?=`) for `text`, separated by single spaces (which a
    /// decoder drops between adjacent encoded-words, so the whole run decodes to exactly `text`).
    /// Each word holds at most 39 bytes of whole characters (§5: a word never splits a character),
    /// which keeps it at 64 characters and a folded line within 76.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: " ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Whether unstructured header text must be sent as encoded-words: non-ASCII, control
    /// characters other than tab, or a literal `=?` that a reader would try to decode.
    static func needsEncodedWords(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 || ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F } || text.contains("=?")
    }

    /// `Name: value` folded (RFC 5322 §2.2.3) at spaces so lines stay within 78 characters where
    /// the value allows it, ending in CRLF. Folding only inserts CRLF before an existing space, so
    /// unfolding gives the value back unchanged; it never breaks inside `Name: ` nor leaves a line
    /// of only whitespace. Fails with the longest line when a word does not fit in 998 characters.
    static func foldedHeader(name: String, value: String) -> (bytes: [UInt8], longestLine: Int) {
        var rest = Array("\(name):\(value.isEmpty ? "" : " ")\(value)".utf8)
        let minimumBreak = name.utf8.count + 2
        var out: [UInt8] = []
        var longest = 0
        var first = true
        while rest.count > preferredLineLength {
            // Content starts after the header name on the first line, after the leading space later.
            let contentStart = first ? minimumBreak : 1
            guard contentStart < rest.count, let firstContent = rest[contentStart...].firstIndex(where: { $0 != 0x20 }) else { break }
            var cut: Int?
            for index in (firstContent + 1)..<rest.count where rest[index] == 0x20 {
                // The last space within the limit, or else the first one past it.
                if index > preferredLineLength && cut != nil { break }
                cut = index
                if index > preferredLineLength { break }
            }
            guard let cut else { break }
            out += rest[..<cut] + crlf
            longest = max(longest, cut)
            rest = Array(rest[cut...])
            first = false
        }
        longest = max(longest, rest.count)
        return (out + rest + crlf, longest)
    }
}
