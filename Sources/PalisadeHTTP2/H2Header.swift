/// One HTTP/2 header field (or pseudo-header such as `:path`), as sent or received.
///
/// Names are sent lower-cased by nghttp2 whatever their spelling here. Received names and values
/// are decoded as UTF-8; bytes that are not valid UTF-8 (HTTP allows obs-text) are replaced by
/// U+FFFD rather than rejected, so a hostile peer cannot make decoding fail.
public struct H2Header: Sendable, Hashable {
    /// The field name, e.g. `:method` or `content-type`.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field from its name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension H2Header: CustomStringConvertible {
    /// `name: value`, for logs and test failures.
    public var description: String { "\(name): \(value)" }
}
