/// An error from encoding or decoding a message, in the binary format or the JSON mapping.
///
/// The message names the field path and field number when one is involved, e.g.
/// `field 'entries[3].actor.id' (#2): expected length-delimited, got varint`.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// A stable identifier such as `"truncated"`.
        public let rawValue: String

        /// Wraps a raw identifier.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The input ended inside a field (a key, varint, fixed64 or length-delimited body).
        public static let truncated = Code(rawValue: "truncated")
        /// A varint ran over 10 bytes or overflowed 64 bits.
        public static let malformedVarint = Code(rawValue: "malformed_varint")
        /// A field used wire type 3–7, which this format does not define and cannot skip.
        public static let invalidWireType = Code(rawValue: "invalid_wire_type")
        /// A field number was 0 or above 536,870,911, or a coding key had no integer value.
        public static let invalidFieldNumber = Code(rawValue: "invalid_field_number")
        /// Two properties of one message share a field number.
        public static let duplicateFieldNumber = Code(rawValue: "duplicate_field_number")
        /// A known field arrived with a different wire type (or JSON type) than its Swift type needs.
        public static let typeMismatch = Code(rawValue: "type_mismatch")
        /// A string field held bytes that are not valid UTF-8.
        public static let invalidUTF8 = Code(rawValue: "invalid_utf8")
        /// A number does not fit the Swift type of its field.
        public static let valueOutOfRange = Code(rawValue: "value_out_of_range")
        /// A value is well-formed on the wire but rejected by its type (enum, timestamp, custom check).
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// The input is larger than ``WireLimits/maxMessageSize``.
        public static let messageTooLarge = Code(rawValue: "message_too_large")
        /// Messages are nested deeper than ``WireLimits/maxDepth``.
        public static let depthLimitExceeded = Code(rawValue: "depth_limit_exceeded")
        /// The Swift type uses a shape the format cannot represent (nested arrays, nil elements…).
        public static let unsupportedType = Code(rawValue: "unsupported_type")
        /// The JSON text is not valid JSON.
        public static let invalidJSON = Code(rawValue: "invalid_json")

        /// The raw identifier.
        public var description: String { rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong, where, and what was expected.
    public let message: String

    /// Creates an error from a code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The status a server answers with when this error comes out of decoding a request:
    /// `resourceExhausted` for size, `internalError` for a Swift type the format cannot
    /// represent (our bug), `invalidArgument` for everything the peer sent wrong.
    public var status: StatusCode {
        switch code {
        case .messageTooLarge: .resourceExhausted
        case .unsupportedType, .duplicateFieldNumber: .internalError
        default: .invalidArgument
        }
    }

    /// `code: message`.
    public var description: String {
        "\(code): \(message)"
    }
}
