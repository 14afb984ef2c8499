/// A parsed JSON value that remembers where it came from: every element carries its byte range
/// in the source, so a reader can copy a member's text exactly as written (numbers with their
/// digits, strings with their escapes) instead of re-serialising it.
///
/// Built for documents of a few kilobytes (one Slack audit entry): the whole tree is
/// materialised, strings decoded, numbers left as text. Objects keep every member in source
/// order, duplicates included; ``subscript(_:)`` gives the last one, as `encoding.md` §6 reads
/// JSON.
public struct JSONElement: Sendable {
    /// What the element is.
    public enum Value: Sendable {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// A number; its text is the element's ``range`` (use ``text(in:)``).
        case number(isInteger: Bool)
        /// A string, decoded.
        case string(String)
        /// An array's elements, in order.
        case array([JSONElement])
        /// An object's members in source order, duplicates kept.
        case object([JSONMember])
    }

    /// The value.
    public let value: Value
    /// The element's bytes in the source: from its first byte (quote, bracket, digit…) to just
    /// after its last.
    public let range: Range<Int>

    /// Makes an element (the parser does this).
    public init(value: Value, range: Range<Int>) {
        self.value = value
        self.range = range
    }

    /// The last member named `key` of an object; `nil` for a missing key or a non-object.
    public subscript(_ key: String) -> JSONElement? {
        guard case .object(let members) = value else { return nil }
        return members.last { Self.sameKey($0.key, key) }?.element
    }

    /// Key equality, lengths first: most keys of an object differ in length, and the standard
    /// library's comparison of two unequal strings is far slower than comparing two lengths.
    public static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// The element's source text.
    public func text(in source: [UInt8]) -> String {
        String(decoding: source[range], as: UTF8.self)
    }

    /// The decoded string, or `nil` when the element is not a string.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// Whether the element is `null`.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The members of an object, or `nil` for any other value.
    public var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// Parses one JSON value filling all of `bytes` (whitespace around it allowed); containers
    /// nest at most `maxDepth` deep, counting the top level as 1.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONScanError) -> JSONElement {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONScanError) -> JSONElement in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                throw JSONScanError(code: .truncated, offset: 0, message: "the JSON is empty where a value was expected")
            }
            var reader = JSONByteReader(base: base, count: buffer.count, maxDepth: maxDepth)
            let element = try reader.element(depth: 0)
            guard reader.isAtEnd() else {
                throw JSONScanError(
                    code: .trailingData, offset: reader.offset,
                    message: "unexpected \(JSONByteReader.describe(base[reader.offset])) at byte \(reader.offset) after the JSON value")
            }
            return element
        }
    }
}

/// One member of a JSON object: its decoded key and its value.
public struct JSONMember: Sendable {
    /// The key, decoded.
    public let key: String
    /// The value.
    public let element: JSONElement
}

extension JSONByteReader {
    /// Reads one value into an element; `depth` is the nesting of the container it is in.
    mutating func element(depth: Int) throws(JSONScanError) -> JSONElement {
        let byte = try nextToken(expecting: "a value")
        let start = offset
        let value: JSONElement.Value
        switch byte {
        case UInt8(ascii: "\""): value = .string(decode(try scanString()))
        case UInt8(ascii: "{"): value = .object(try members(depth: depth + 1))
        case UInt8(ascii: "["): value = .array(try elements(depth: depth + 1))
        case UInt8(ascii: "t"): try skipLiteral("true"); value = .bool(true)
        case UInt8(ascii: "f"): try skipLiteral("false"); value = .bool(false)
        case UInt8(ascii: "n"): try skipLiteral("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(isInteger: try scanNumber().isInteger)
        default: throw unexpected(byte, expecting: "a value")
        }
        return JSONElement(value: value, range: start..<offset)
    }

    private mutating func members(depth: Int) throws(JSONScanError) -> [JSONMember] {
        try checkDepth(depth)
        offset += 1
        var members: [JSONMember] = []
        if try nextToken(expecting: "a key or '}'") == UInt8(ascii: "}") {
            offset += 1
            return members
        }
        repeat {
            let key = decode(try readKey())
            members.append(JSONMember(key: key, element: try element(depth: depth)))
        } while try consumeSeparator(closer: UInt8(ascii: "}"), expecting: "',' or '}' after an object member")
        return members
    }

    private mutating func elements(depth: Int) throws(JSONScanError) -> [JSONElement] {
        try checkDepth(depth)
        offset += 1
        var elements: [JSONElement] = []
        if try nextToken(expecting: "a value or ']'") == UInt8(ascii: "]") {
            offset += 1
            return elements
        }
        repeat {
            elements.append(try element(depth: depth))
        } while try consumeSeparator(closer: UInt8(ascii: "]"), expecting: "',' or ']' after an array element")
        return elements
    }
}
