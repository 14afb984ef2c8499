internal import CNghttp2

/// A failure of the HTTP/2 session or of a call on it.
///
/// Errors thrown by ``H2Session/receive(_:)`` and ``H2Session/produceOutput(into:softLimit:)``
/// are connection-fatal: flush what is buffered, then close the connection. Errors from the
/// stream calls (`submitRequest`, `sendData`, ...) concern that call only.
/// `message` names the nghttp2 function and carries its `nghttp2_strerror` text.
public struct H2Error: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; switch on it with the `static let`s of ``Code``.
    public let code: Code
    /// Human-readable detail: the nghttp2 function, its error text and number.
    public let message: String

    /// Creates an error; public so that fakes and tests can produce the same type.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "H2Error.\(code): \(message)" }

    /// A failure category. A struct over a private enum so that new categories are not an API break.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badClientMagic, flooded, protocolError, callbackFailure, noMemory
            case streamIDsExhausted, goingAway, unknownStream, invalidState, invalidArgument
            case sessionFailed, library
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A server received something other than the HTTP/2 client preface.
        public static let badClientMagic = Code(.badClientMagic)
        /// The peer flooded us (SETTINGS/PING acks, CONTINUATION frames, ...): close it.
        public static let flooded = Code(.flooded)
        /// The peer violated the protocol in a way that ends the connection.
        public static let protocolError = Code(.protocolError)
        /// A callback reported a fatal failure (a bug in this module, never peer input).
        public static let callbackFailure = Code(.callbackFailure)
        /// nghttp2 could not allocate memory.
        public static let noMemory = Code(.noMemory)
        /// All client stream ids are used: open a new connection.
        public static let streamIDsExhausted = Code(.streamIDsExhausted)
        /// GOAWAY was sent or received: no new streams on this connection.
        public static let goingAway = Code(.goingAway)
        /// The stream id is not (or no longer) open in this session.
        public static let unknownStream = Code(.unknownStream)
        /// The call does not fit the stream's state (data after `finish`, no body provider, ...).
        public static let invalidState = Code(.invalidState)
        /// nghttp2 rejected an argument (bad stream id, header block, ...).
        public static let invalidArgument = Code(.invalidArgument)
        /// An earlier connection-fatal error already ended this session.
        public static let sessionFailed = Code(.sessionFailed)
        /// Any other nghttp2 library error; see `message`.
        public static let library = Code(.library)

        /// The category name.
        public var description: String { "\(base)" }

        /// Maps an nghttp2 `NGHTTP2_ERR_*` value onto a category.
        init(nghttp2 rc: Int32) {
            switch rc {
            case NGHTTP2_ERR_BAD_CLIENT_MAGIC.rawValue: self = .badClientMagic
            case NGHTTP2_ERR_FLOODED.rawValue, NGHTTP2_ERR_TOO_MANY_CONTINUATIONS.rawValue: self = .flooded
            case NGHTTP2_ERR_CALLBACK_FAILURE.rawValue: self = .callbackFailure
            case NGHTTP2_ERR_NOMEM.rawValue: self = .noMemory
            case NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE.rawValue: self = .streamIDsExhausted
            case NGHTTP2_ERR_START_STREAM_NOT_ALLOWED.rawValue, NGHTTP2_ERR_SESSION_CLOSING.rawValue,
                NGHTTP2_ERR_GOAWAY_ALREADY_SENT.rawValue:
                self = .goingAway
            case NGHTTP2_ERR_STREAM_CLOSED.rawValue, NGHTTP2_ERR_STREAM_CLOSING.rawValue:
                self = .unknownStream
            case NGHTTP2_ERR_INVALID_ARGUMENT.rawValue, NGHTTP2_ERR_INVALID_STREAM_ID.rawValue,
                NGHTTP2_ERR_INVALID_HEADER_BLOCK.rawValue:
                self = .invalidArgument
            case NGHTTP2_ERR_INVALID_STATE.rawValue, NGHTTP2_ERR_INVALID_STREAM_STATE.rawValue,
                NGHTTP2_ERR_DATA_EXIST.rawValue, NGHTTP2_ERR_STREAM_SHUT_WR.rawValue:
                self = .invalidState
            case NGHTTP2_ERR_PROTO.rawValue, NGHTTP2_ERR_INVALID_FRAME.rawValue, NGHTTP2_ERR_HEADER_COMP.rawValue,
                NGHTTP2_ERR_FLOW_CONTROL.rawValue, NGHTTP2_ERR_FRAME_SIZE_ERROR.rawValue,
                NGHTTP2_ERR_SETTINGS_EXPECTED.rawValue, NGHTTP2_ERR_TOO_MANY_SETTINGS.rawValue:
                self = .protocolError
            default: self = .library
            }
        }
    }
}

extension H2Error {
    /// The one choke point for nghttp2 return codes: names the function and the library's text.
    init(nghttp2 rc: Int32, _ function: StaticString) {
        let text = nghttp2_strerror(rc).map { String(cString: $0) } ?? "unknown error"
        self.init(code: Code(nghttp2: rc), message: "\(function): \(text) (\(rc))")
    }

    /// An error raised by this module's own bookkeeping, not by nghttp2.
    init(_ code: Code, _ function: StaticString, _ detail: String) {
        self.init(code: code, message: "\(function): \(detail)")
    }
}

/// Throws for a negative nghttp2 return value, passes everything else through.
@inline(__always)
func nghttp2Check(_ rc: Int32, _ function: StaticString) throws(H2Error) {
    if rc < 0 { throw H2Error(nghttp2: rc, function) }
}
