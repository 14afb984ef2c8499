import Logging
import PalisadeTLS
import PalisadeWire

/// Custom metadata of a call: the request's non-reserved headers.
public struct RPCMetadata: Sendable, Hashable {
    /// The fields in arrival order, names lower-case.
    public var fields: [(name: String, value: String)]

    /// Empty metadata.
    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value for `name` (case-insensitive), if any.
    public subscript(_ name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name == lower }?.value
    }

    public static func == (a: RPCMetadata, b: RPCMetadata) -> Bool {
        a.fields.elementsEqual(b.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for f in fields {
            hasher.combine(f.name)
            hasher.combine(f.value)
        }
    }
}

/// What a handler knows about its call.
public struct RPCContext: Sendable {
    /// The method being called.
    public let method: RPCMethodName
    /// The caller's verified certificate identity (mutual TLS), if any.
    public let peer: PeerIdentity?
    /// The caller's network address.
    public let remoteAddress: SocketAddress
    /// When the caller stops waiting (from `grpc-timeout`), if it said.
    public let deadline: ContinuousClock.Instant?
    /// The request's custom metadata.
    public let metadata: RPCMetadata
    /// The message encoding of this call.
    public let encoding: MessageEncoding
    /// The largest message accepted.
    public let maxMessageSize: Int
    /// A logger carrying the method and the caller.
    public let logger: Logger

    /// The caller's SPIFFE name (`connector`, `operator/alice`), if it presented one.
    public var caller: String? { peer?.spiffeName }

    /// Decodes a request message in this call's encoding.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(RPCError) -> T {
        try encoding.decode(type, from: bytes, maxSize: maxMessageSize)
    }

    /// Encodes a response message in this call's encoding.
    public func encode<T: Encodable>(_ value: T) throws(RPCError) -> [UInt8] {
        try encoding.encode(value)
    }
}

/// The messages arriving on a call, as raw encoded payloads: a server handler's requests, or a
/// client's responses.
///
/// Iteration ends when the peer finishes cleanly (a client half-close; an OK status) and throws
/// the call's `RPCError` otherwise. Taking a message frees its share of the flow-control window.
public struct RPCMessageStream: AsyncSequence, Sendable {
    /// Each element is one message's payload (no length prefix).
    public typealias Element = [UInt8]
    let bridge: CallBridge

    /// Iterates the messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let bridge: CallBridge
        /// The next message, or nil at a clean end.
        public mutating func next() async throws -> [UInt8]? { try await bridge.next() }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bridge: bridge) }
}

/// Sends response messages of a streaming call, suspending while the peer is not reading.
public struct RPCResponseWriter: Sendable {
    let bridge: CallBridge
    let framing: MessageFraming

    /// Sends one message (raw payload in the call's encoding).
    /// Waits first while the peer is not taking what was already queued (see `OutboundGate`).
    public func write(_ message: [UInt8]) async throws {
        try await bridge.waitForRoom()
        try await bridge.send(framing.frame(message))
    }

    /// Sends one message the handler already framed as a gRPC Length-Prefixed-Message (the
    /// 5-byte header, then the payload: `MessageFramer.frame`), so it is not copied again on a
    /// binary call; on a call with another framing the payload is re-framed.
    public func write(lengthPrefixed message: [UInt8]) async throws {
        try await bridge.waitForRoom()
        switch framing {
        case .lengthPrefixed: try await bridge.send(message)
        case .newlineDelimited, .wholeBody: try await bridge.send(framing.frame(Array(message.dropFirst(MessageFramer.headerSize))))
        }
    }
}

/// How messages are delimited on the wire for a call.
enum MessageFraming: Sendable {
    /// gRPC's 1-byte flag + 4-byte big-endian length prefix.
    case lengthPrefixed
    /// One JSON value per line.
    case newlineDelimited
    /// The whole body is one message (unary JSON).
    case wholeBody

    func frame(_ message: [UInt8]) -> [UInt8] {
        switch self {
        case .lengthPrefixed: return MessageFramer.frame(message)
        case .newlineDelimited: return message + [0x0A]
        case .wholeBody: return message
        }
    }
}
