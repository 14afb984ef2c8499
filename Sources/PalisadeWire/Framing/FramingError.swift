/// A violation of the Length-Prefixed-Message framing, detected by ``MessageDeframer``.
///
/// Each carries the ``StatusCode`` the call must end with and a message for the peer.
public struct FramingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of framing violation this is.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// A stable identifier such as `"message_too_large"`, suitable for logs and metrics.
        public let rawValue: String

        /// Wraps a raw identifier.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The length prefix announced a message above the configured limit.
        public static let messageTooLarge = Code(rawValue: "message_too_large")
        /// The flag byte was 1: a compressed message, but we never negotiate compression.
        public static let compressedMessageUnsupported = Code(rawValue: "compressed_message_unsupported")
        /// The flag byte was neither 0 nor 1.
        public static let invalidFlag = Code(rawValue: "invalid_flag")
        /// The stream ended in the middle of a message.
        public static let truncatedMessage = Code(rawValue: "truncated_message")

        /// The raw identifier.
        public var description: String { rawValue }
    }

    /// The kind of violation.
    public let code: Code
    /// A sentence for the peer saying what was wrong and what the limit or rule is.
    public let message: String

    /// Creates an error from a code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A message of `size` bytes was announced while the limit is `limit`.
    public static func messageTooLarge(size: Int, limit: Int) -> FramingError {
        FramingError(
            code: .messageTooLarge,
            message: "message of \(size) bytes exceeds the maximum of \(limit) bytes; send smaller messages or raise the limit")
    }

    /// A message arrived with the compressed flag set.
    public static let compressedMessageUnsupported = FramingError(
        code: .compressedMessageUnsupported,
        message: "received a compressed message (flag 1) but no grpc-encoding is supported; send uncompressed messages")

    /// The flag byte had a value other than 0 or 1.
    public static func invalidFlag(_ flag: UInt8) -> FramingError {
        FramingError(code: .invalidFlag, message: "invalid message flag byte \(flag); only 0 (uncompressed) is accepted")
    }

    /// The stream ended with `buffered` bytes of an unfinished message.
    public static func truncatedMessage(buffered: Int) -> FramingError {
        FramingError(code: .truncatedMessage, message: "stream ended inside a message (\(buffered) bytes left over)")
    }

    /// The status the call ends with: too large → `resourceExhausted`, compression →
    /// `unimplemented`, anything else → `internalError` (the peer broke the protocol).
    public var status: StatusCode {
        switch code {
        case .messageTooLarge: .resourceExhausted
        case .compressedMessageUnsupported: .unimplemented
        default: .internalError
        }
    }

    /// The error as it should be reported to the peer.
    public var rpcError: RPCError {
        RPCError(status, message)
    }

    /// `code: message`.
    public var description: String {
        "\(code): \(message)"
    }
}
