extension JSONByteReader {
    /// A string's content (between the quotes) and whether it contains escapes, which tells
    /// whether its bytes can be used as they are.
    package struct StringToken {
        package var start: Int
        package var end: Int
        package var hasEscapes: Bool
    }

    /// Validates a string whose opening quote is the current byte and consumes it: escapes
    /// (including `\uXXXX` surrogate pairs), no raw control characters, well-formed UTF-8.
    ///
    /// Most of an audit page is string content, so runs of plain ASCII are skipped eight bytes at
    /// a time (SWAR): a word is only looked at byte by byte when it holds a quote, a backslash,
    /// a control character or a non-ASCII byte.
    package mutating func scanString() throws(JSONScanError) -> StringToken {
        offset += 1
        let start = offset
        var hasEscapes = false
        while true {
            while offset &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
                let special = Self.specialBytes(in: word)
                if special != 0 {
                    // The lowest flagged byte is exact (false positives only appear above a real
                    // hit), and little-endian puts the first byte in memory lowest.
                    offset &+= special.trailingZeroBitCount >> 3
                    break
                }
                offset &+= 8
            }
            guard offset < count else { throw truncated(expecting: "the end of a string ('\"')") }
            let byte = base[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return StringToken(start: start, end: offset - 1, hasEscapes: hasEscapes)
            case UInt8(ascii: "\\"):
                hasEscapes = true
                try skipEscape()
            case 0..<0x20:
                throw invalidString("a raw control character (byte 0x\(String(byte, radix: 16))) must be escaped")
            case 0x80...:
                try skipUTF8Sequence()
            default:
                offset += 1
            }
        }
    }

    /// Marks (with 0x80) each byte of `word` that is `"`, `\`, below 0x20 or at least 0x80.
    @inline(__always)
    package static func specialBytes(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl | word) & high
    }

    /// Validates the escape at the current backslash and consumes it.
    private mutating func skipEscape() throws(JSONScanError) {
        guard offset + 1 < count else { throw truncated(expecting: "an escape character after '\\'") }
        switch base[offset + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            offset += 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: offset + 2)
            offset += 6
            if (0xDC00...0xDFFF).contains(unit) {
                offset -= 6
                throw invalidString(
                    "\\u\(String(unit, radix: 16)) is a low surrogate without a high surrogate before it")
            }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            // A high surrogate must be followed at once by an escaped low surrogate.
            let unpaired = "a high surrogate escape must be followed by a low surrogate escape (\\uDC00-\\uDFFF)"
            let lowExpected = "a low surrogate escape after a high surrogate"
            guard offset < count else { throw truncated(expecting: lowExpected) }
            guard base[offset] == UInt8(ascii: "\\") else { throw invalidString(unpaired) }
            guard offset + 1 < count else { throw truncated(expecting: lowExpected) }
            guard base[offset + 1] == UInt8(ascii: "u") else { throw invalidString(unpaired) }
            let low = try hex4(at: offset + 2)
            guard (0xDC00...0xDFFF).contains(low) else { throw invalidString(unpaired) }
            offset += 6
        default:
            offset += 1
            throw invalidString(
                "\\\(Self.describe(base[offset])) is not a JSON escape "
                    + "(use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)")
        }
    }

    /// The value of four hex digits starting at `position`.
    private func hex4(at position: Int) throws(JSONScanError) -> UInt32 {
        var value: UInt32 = 0
        for index in position..<position + 4 {
            guard index < count else { throw truncated(expecting: "four hex digits after \\u") }
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONScanError(
                    code: .invalidString, offset: index,
                    message: "invalid string at byte \(index): \\u needs four hex digits, found \(Self.describe(byte))")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at the current byte (Unicode table 3-7: no
    /// overlong forms, no surrogates, nothing above U+10FFFF) and consumes it.
    private mutating func skipUTF8Sequence() throws(JSONScanError) {
        let lead = base[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw invalidString("byte 0x\(String(lead, radix: 16)) cannot start a UTF-8 sequence")
        }
        for index in 1..<length {
            guard offset + index < count else { throw truncated(expecting: "the rest of a UTF-8 sequence") }
            let byte = base[offset + index]
            guard (index == 1 ? secondRange : 0x80...0xBF).contains(byte) else {
                throw invalidString(
                    "invalid UTF-8 sequence (byte 0x\(String(byte, radix: 16)) at position \(index + 1))")
            }
        }
        offset += length
    }

    /// An `.invalidString` error at the current offset.
    private func invalidString(_ reason: String) -> JSONScanError {
        JSONScanError(code: .invalidString, offset: offset, message: "invalid string at byte \(offset): \(reason)")
    }

    // MARK: Decoding

    /// The string's value; the token must come from ``scanString()``, which validated it.
    package func decode(_ token: StringToken) -> String {
        let raw = UnsafeBufferPointer(start: base + token.start, count: token.end - token.start)
        guard token.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: unescapedBytes(raw), as: UTF8.self)
    }

    /// Whether the string token equals `literal`, without allocating unless it has escapes.
    package func token(_ token: StringToken, equals literal: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        let raw = UnsafeBufferPointer(start: base + token.start, count: token.end - token.start)
        guard token.hasEscapes else { return raw.elementsEqual(expected) }
        return unescapedBytes(raw).elementsEqual(expected)
    }

    /// The UTF-8 bytes a validated string's escapes stand for.
    private func unescapedBytes(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hexValue(raw, at: index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // Validation guaranteed a `\uDC00`-`\uDFFF` escape follows.
                    let low = Self.hexValue(raw, at: index + 2)
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                Self.appendUTF8(scalar, to: &bytes)
            default: bytes.append(escape)  // `"`, `\` and `/` stand for themselves
            }
        }
        return bytes
    }

    private static func hexValue(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in raw[index..<index + 4] {
            let digit = byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
