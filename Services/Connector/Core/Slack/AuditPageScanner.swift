import PalisadeJSON

/// A single-pass, validating scanner for `GET /audit/v1/logs` response bodies.
///
/// It checks the whole body against RFC 8259 (strings with every escape, surrogate pairs and
/// UTF-8, numbers, nesting up to ``maxDepth``, nothing after the top-level object) but decodes
/// only what the connector needs: each entry's top-level `id` and `date_create`, its byte range,
/// and `response_metadata.next_cursor`. Everything else, unknown top-level keys included, is
/// validated and skipped, so a new Slack field never breaks the connector.
///
/// ```swift
/// switch try AuditPageScanner().scan(response.body) {
/// case .page(let page):
///     for entry in page.entries { forward(response.body[entry.bytes]) }
/// case .slackError(let code):
///     print("Slack said \(code)")
/// }
/// ```
///
/// Decisions where Slack's contract is loose (see `shared/reference/slack-api.md` §1.3):
/// - `next_cursor` is `""` (no more pages) when `response_metadata` is absent or has no
///   `next_cursor`: Slack's Web API omits them on the last page, and a body without a cursor
///   offers no way to continue anyway. A `next_cursor` (or `response_metadata`) of another type,
///   `null` included, is an error rather than a guess.
/// - A body with `"ok": false` is ``AuditPageScan/slackError(code:)`` whatever else it holds;
///   it must have a string `error`. `"ok": true` or no `ok` at all is a success body, which must
///   have an `entries` array.
/// - `date_create` must be a JSON integer that fits `Int64`: `1.0` and `1e9` are rejected, as
///   Slack documents integer seconds and a fraction would mean the format changed.
/// - The fields read (`entries`, `response_metadata`, `ok`, `error`, an entry's `id` and
///   `date_create`) may not appear twice in one object; other duplicates are left alone.
public struct AuditPageScanner: Sendable {
    /// The nesting limit used by default: the top-level object, `entries`, the entry and 61
    /// levels inside it, where real entries use about five.
    public static let defaultMaxDepth = 64

    /// The deepest nesting of arrays and objects accepted, counting the top-level object as 1.
    public var maxDepth: Int

    /// Creates a scanner.
    public init(maxDepth: Int = AuditPageScanner.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Scans a complete response body.
    ///
    /// Throws ``AuditPageError`` when the body is not valid JSON, is not an object, or lacks or
    /// mistypes a field the connector needs; the error names the byte offset.
    public func scan(_ body: [UInt8]) throws(AuditPageError) -> AuditPageScan {
        try body.withUnsafeBufferPointer { (buffer) throws(AuditPageError) -> AuditPageScan in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                throw AuditPageError(
                    code: .truncated, offset: 0,
                    message: "the body is empty where a JSON object was expected; the response was cut off "
                        + "or came from something other than the Audit Logs API")
            }
            var reader = JSONByteReader(base: base, count: buffer.count, maxDepth: maxDepth)
            return try scanBody(&reader)
        }
    }

    /// What the top-level object held, gathered in one pass whatever the key order.
    private struct TopLevel {
        var entries: [ScannedEntry]?
        var nextCursor: String?
        var sawResponseMetadata = false
        var ok: Bool?
        var error: String?
    }

    private func scanBody(_ reader: inout JSONByteReader) throws(AuditPageError) -> AuditPageScan {
        let first = try reader.nextToken(expecting: "a JSON object")
        guard first == UInt8(ascii: "{") else {
            throw AuditPageError(
                code: .wrongType("body"), offset: reader.offset,
                message: "the body must be a JSON object, found \(JSONByteReader.describe(first)) at byte "
                    + "\(reader.offset); check that the audit base URL points at the Audit Logs API (api.slack.com)")
        }
        try reader.checkDepth(1)
        reader.offset += 1
        var top = TopLevel()
        if try reader.nextToken(expecting: "a key or '}'") == UInt8(ascii: "}") {
            reader.offset += 1
        } else {
            repeat {
                try scanMember(&reader, into: &top)
            } while try reader.consumeSeparator(closer: UInt8(ascii: "}"), expecting: "',' or '}' after a member")
        }
        guard reader.isAtEnd() else {
            throw AuditPageError(
                code: .trailingData, offset: reader.offset,
                message: "unexpected \(JSONByteReader.describe(reader.base[reader.offset])) at byte \(reader.offset) "
                    + "after the end of the top-level object")
        }
        if top.ok == false {
            guard let code = top.error else {
                throw AuditPageError(
                    code: .missingField("error"), offset: reader.count,
                    message: "the body says \"ok\": false but has no string \"error\" naming the problem")
            }
            return .slackError(code: code)
        }
        guard let entries = top.entries else {
            throw AuditPageError(
                code: .missingField("entries"), offset: reader.count,
                message: "the body has no \"entries\" array (and no \"ok\": false error)")
        }
        return .page(AuditPage(entries: entries, nextCursor: top.nextCursor ?? ""))
    }

    /// Reads one top-level member: a field the connector uses, or anything else (skipped).
    private func scanMember(_ reader: inout JSONByteReader, into top: inout TopLevel) throws(AuditPageError) {
        let key = try reader.readKey()
        let valueOffset = reader.offset
        if reader.token(key, equals: "entries") {
            guard top.entries == nil else { throw duplicate("entries", at: valueOffset) }
            top.entries = try scanEntries(&reader)
        } else if reader.token(key, equals: "response_metadata") {
            guard !top.sawResponseMetadata else { throw duplicate("response_metadata", at: valueOffset) }
            top.sawResponseMetadata = true
            top.nextCursor = try scanResponseMetadata(&reader)
        } else if reader.token(key, equals: "ok") {
            guard top.ok == nil else { throw duplicate("ok", at: valueOffset) }
            switch try reader.nextToken(expecting: "true or false") {
            case UInt8(ascii: "t"): try reader.skipLiteral("true"); top.ok = true
            case UInt8(ascii: "f"): try reader.skipLiteral("false"); top.ok = false
            case let byte: throw wrongType("ok", expected: "true or false", found: byte, at: reader.offset)
            }
        } else if reader.token(key, equals: "error") {
            guard top.error == nil else { throw duplicate("error", at: valueOffset) }
            top.error = try readString(&reader, field: "error")
        } else {
            try reader.skipValue(depth: 1)
        }
    }

    /// Reads `response_metadata`, returning its `next_cursor` if it has one.
    private func scanResponseMetadata(_ reader: inout JSONByteReader) throws(AuditPageError) -> String? {
        let first = try reader.nextToken(expecting: "an object")
        guard first == UInt8(ascii: "{") else {
            throw wrongType("response_metadata", expected: "an object", found: first, at: reader.offset)
        }
        try reader.checkDepth(2)
        reader.offset += 1
        if try reader.nextToken(expecting: "a key or '}'") == UInt8(ascii: "}") {
            reader.offset += 1
            return nil
        }
        var cursor: String?
        repeat {
            let key = try reader.readKey()
            if reader.token(key, equals: "next_cursor") {
                guard cursor == nil else { throw duplicate("response_metadata.next_cursor", at: reader.offset) }
                cursor = try readString(&reader, field: "response_metadata.next_cursor")
            } else {
                try reader.skipValue(depth: 2)
            }
        } while try reader.consumeSeparator(closer: UInt8(ascii: "}"), expecting: "',' or '}' after a member")
        return cursor
    }

    /// Reads a string value for `field`, failing with `.wrongType(field)` for any other value.
    func readString(_ reader: inout JSONByteReader, field: String) throws(AuditPageError) -> String {
        let first = try reader.nextToken(expecting: "a string")
        guard first == UInt8(ascii: "\"") else {
            throw wrongType(field, expected: "a string", found: first, at: reader.offset)
        }
        return reader.decode(try reader.scanString())
    }

    func duplicate(_ field: String, at offset: Int) -> AuditPageError {
        AuditPageError(
            code: .duplicateField(field), offset: offset,
            message: "\"\(field)\" appears a second time at byte \(offset); which one counts is ambiguous")
    }

    /// A `.wrongType` error, or a `.syntax` error when `found` cannot start any JSON value (a
    /// trailing comma, say), since then the type is not the problem.
    func wrongType(_ field: String, expected: String, found: UInt8, at offset: Int) -> AuditPageError {
        guard Self.startsValue(found) else {
            return AuditPageError(
                code: .syntax, offset: offset,
                message: "expected a value at byte \(offset), found \(JSONByteReader.describe(found))")
        }
        return AuditPageError(
            code: .wrongType(field), offset: offset,
            message: "\"\(field)\" must be \(expected), found \(Self.kind(of: found)) at byte \(offset)")
    }

    private static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }

    /// The JSON type a value starting with `byte` has, for messages.
    static func kind(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        default: JSONByteReader.describe(byte)
        }
    }
}

/// Why ``AuditPageScanner`` rejected a response body: the shared JSON reader's error type, whose
/// codes also name the audit page's missing or mistyped fields.
public typealias AuditPageError = JSONScanError
