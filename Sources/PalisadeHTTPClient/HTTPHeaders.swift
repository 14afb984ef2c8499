/// An ordered list of HTTP header fields, looked up case-insensitively.
///
/// Order and duplicates are kept, because both matter on the wire (`Set-Cookie`, `Link`,
/// repeated `Via`). Values frequently carry secrets (`Authorization`, cookies), so
/// ``description`` prints header *names* only: interpolating headers into a log line can never
/// leak a token.
///
/// ```swift
/// var headers: HTTPHeaders = ["Accept": "application/json"]
/// headers.add(name: "Authorization", value: "Bearer \(token)")
/// headers["accept"]  // "application/json"
/// ```
public struct HTTPHeaders: Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral,
    CustomStringConvertible
{
    /// One header field as it appears on the wire.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// Creates headers from fields, keeping their order.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// Creates headers from a literal; the literal's order is kept.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The position of the first field.
    public var startIndex: Int { fields.startIndex }

    /// The position one past the last field.
    public var endIndex: Int { fields.endIndex }

    /// The field at `position`.
    public subscript(position: Int) -> Element { fields[position] }

    /// The first value for `name` (compared case-insensitively), or `nil`.
    ///
    /// Setting replaces every field with that name by one field (or removes them for `nil`).
    public subscript(name: String) -> String? {
        get { fields.first { Self.sameName($0.name, name) }?.value }
        set {
            fields.removeAll { Self.sameName($0.name, name) }
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Every value for `name` (compared case-insensitively), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether a field called `name` (compared case-insensitively) is present.
    public func contains(name: String) -> Bool {
        fields.contains { Self.sameName($0.name, name) }
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Header names only: values may be credentials and must not reach logs.
    public var description: String {
        "[" + fields.map(\.name).joined(separator: ", ") + "]"
    }

    /// ASCII case-insensitive comparison without allocating: header names are tokens (RFC 9110 §5.1).
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8) { asciiLower($0) == asciiLower($1) }
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}
