/// A forward-only reader over JSON bytes that validates RFC 8259 syntax as it moves.
///
/// Shared by the readers of Slack's JSON (the connector's audit page scanner, ingestion's entry
/// normaliser through `JSONElement`); package-internal because its pointer contract is easy to misuse.
///
/// It works on a raw pointer rather than an array so that the hot loops have no bounds checks
/// beyond the explicit `offset < count` tests, and it never allocates except when asked to
/// decode a string. Callers must keep the memory alive for the reader's lifetime (the scanner
/// only uses it inside `withUnsafeBufferPointer`). Every read checks `offset < count` first, so
/// a truncated body is always an error and never a read past the end.
package struct JSONByteReader {
    /// The first byte of the body.
    package let base: UnsafePointer<UInt8>
    /// The number of bytes in the body.
    package let count: Int
    /// The deepest nesting of arrays and objects accepted, counting the top-level value as 1.
    package let maxDepth: Int
    /// The position of the next unread byte.
    package var offset = 0

    package init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
    }

    /// Whether only whitespace remains.
    package mutating func isAtEnd() -> Bool {
        peekToken() == nil
    }

    /// Skips whitespace and returns the next byte without consuming it, or `nil` at the end.
    @inline(__always)
    package mutating func peekToken() -> UInt8? {
        while offset < count {
            let byte = base[offset]
            // Bytes above space are never whitespace: one comparison on the common path.
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            offset += 1
        }
        return nil
    }

    /// Like ``peekToken()``, but the end of the body is a `.truncated` error naming `expected`.
    @inline(__always)
    package mutating func nextToken(expecting expected: @autoclosure () -> String) throws(JSONScanError) -> UInt8 {
        guard let byte = peekToken() else { throw truncated(expecting: expected()) }
        return byte
    }

    /// Consumes `byte` (after whitespace) or fails naming `expected`.
    @inline(__always)
    package mutating func consume(_ byte: UInt8, expecting expected: @autoclosure () -> String) throws(JSONScanError) {
        let found = try nextToken(expecting: expected())
        guard found == byte else { throw unexpected(found, expecting: expected()) }
        offset += 1
    }

    /// After a member or element: consumes `,` and returns `true`, or consumes `closer` and
    /// returns `false`.
    @inline(__always)
    package mutating func consumeSeparator(closer: UInt8, expecting expected: StaticString) throws(JSONScanError) -> Bool {
        let found = try nextToken(expecting: "\(expected)")
        offset += 1
        if found == UInt8(ascii: ",") { return true }
        if found == closer { return false }
        offset -= 1
        throw unexpected(found, expecting: "\(expected)")
    }

    /// Reads an object key and the `:` after it; the next token is the member's value.
    package mutating func readKey() throws(JSONScanError) -> StringToken {
        let found = try nextToken(expecting: "a key (a string)")
        guard found == UInt8(ascii: "\"") else { throw unexpected(found, expecting: "a key (a string)") }
        let key = try scanString()
        try consume(UInt8(ascii: ":"), expecting: "':' after a key")
        return key
    }

    // MARK: Skipping values

    /// Validates and skips one value of any type; `depth` is the nesting of the container it is in.
    package mutating func skipValue(depth: Int) throws(JSONScanError) {
        let byte = try nextToken(expecting: "a value")
        switch byte {
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw unexpected(byte, expecting: "a value")
        }
    }

    /// Skips an object whose `{` is the next byte; `depth` is the object's own nesting level.
    package mutating func skipObject(depth: Int) throws(JSONScanError) {
        try checkDepth(depth)
        offset += 1
        if try nextToken(expecting: "a key or '}'") == UInt8(ascii: "}") {
            offset += 1
            return
        }
        repeat {
            _ = try readKey()
            try skipValue(depth: depth)
        } while try consumeSeparator(closer: UInt8(ascii: "}"), expecting: "',' or '}' after an object member")
    }

    /// Skips an array whose `[` is the next byte; `depth` is the array's own nesting level.
    package mutating func skipArray(depth: Int) throws(JSONScanError) {
        try checkDepth(depth)
        offset += 1
        if try nextToken(expecting: "a value or ']'") == UInt8(ascii: "]") {
            offset += 1
            return
        }
        repeat {
            try skipValue(depth: depth)
        } while try consumeSeparator(closer: UInt8(ascii: "]"), expecting: "',' or ']' after an array element")
    }

    /// Fails when a container at `depth` would be too deep; recursion is bounded by this check.
    @inline(__always)
    package func checkDepth(_ depth: Int) throws(JSONScanError) {
        guard depth <= maxDepth else {
            throw JSONScanError(
                code: .tooDeep, offset: offset,
                message: "arrays and objects nest deeper than \(maxDepth) levels at byte \(offset); "
                    + "Slack's audit entries nest a handful of levels, so this is not Slack's JSON"
            )
        }
    }

    /// Consumes `literal` (`true`, `false` or `null`), which starts at the current byte.
    package mutating func skipLiteral(_ literal: StaticString) throws(JSONScanError) {
        let start = offset
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in text {
            guard offset < count else { throw truncated(expecting: "the literal \(literal)") }
            guard base[offset] == expected else {
                offset = start
                throw unexpected(base[start], expecting: "a value (did you mean \(literal)?)")
            }
            offset += 1
        }
    }

    // MARK: Numbers

    /// A number's extent, and whether it is written as an integer (no fraction, no exponent).
    package struct NumberToken {
        package var start: Int
        package var end: Int
        package var isInteger: Bool
    }

    /// Validates a number per RFC 8259 §6 starting at the current byte and consumes it.
    package mutating func scanNumber() throws(JSONScanError) -> NumberToken {
        // The caller saw a '-' or a digit at `offset`, so the first read is in bounds.
        let start = offset
        var isInteger = true
        if base[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < count else { throw truncated(expecting: "a digit") }
        if base[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < count, isDigit(base[offset]) {
                throw invalidNumber(at: start, "a number may not have leading zeros")
            }
        } else {
            try skipDigits(numberStart: start, after: "'-'")
        }
        if offset < count, base[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            try skipDigits(numberStart: start, after: "'.'")
        }
        if offset < count, base[offset] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            offset += 1
            if offset < count, base[offset] == UInt8(ascii: "+") || base[offset] == UInt8(ascii: "-") { offset += 1 }
            try skipDigits(numberStart: start, after: "the exponent's 'e'")
        }
        return NumberToken(start: start, end: offset, isInteger: isInteger)
    }

    /// Consumes one or more digits; none is an error.
    @inline(__always)
    private mutating func skipDigits(numberStart: Int, after: StaticString) throws(JSONScanError) {
        guard offset < count else { throw truncated(expecting: "a digit") }
        guard isDigit(base[offset]) else { throw invalidNumber(at: numberStart, "expected a digit after \(after)") }
        offset += 1
        while offset < count, isDigit(base[offset]) { offset += 1 }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// The value of an integer token, or `nil` when it does not fit in `Int64`.
    package func int64(_ token: NumberToken) -> Int64? {
        var index = token.start
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: Int64 = 0
        while index < token.end {
            let digit = Int64(base[index] &- UInt8(ascii: "0"))
            // Accumulating negatively reaches Int64.min, which has no positive counterpart.
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    // MARK: Errors

    /// A `.truncated` error at the end of the body.
    package func truncated(expecting expected: String) -> JSONScanError {
        JSONScanError(
            code: .truncated, offset: count,
            message: "the JSON ends at byte \(count) where \(expected) was expected; "
                + "it was cut off (a dropped connection or a size limit on the way)"
        )
    }

    /// A `.syntax` error for `byte` at the current offset.
    package func unexpected(_ byte: UInt8, expecting expected: String) -> JSONScanError {
        JSONScanError(
            code: .syntax, offset: offset,
            message: "expected \(expected) at byte \(offset), found \(Self.describe(byte))"
        )
    }

    private func invalidNumber(at start: Int, _ reason: String) -> JSONScanError {
        JSONScanError(
            code: .invalidNumber, offset: offset,
            message: "invalid number starting at byte \(start): \(reason) (at byte \(offset))")
    }

    /// A byte as a person reads it: printable ASCII quoted, anything else in hex.
    package static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
