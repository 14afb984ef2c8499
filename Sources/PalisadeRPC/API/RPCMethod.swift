import PalisadeWire

/// The four call shapes of gRPC.
public enum RPCKind: Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
    /// A stream of requests, one response.
    case clientStreaming
    /// Streams both ways.
    case bidirectional

    /// Whether the client sends exactly one message.
    var singleRequest: Bool { self == .unary || self == .serverStreaming }
    /// Whether the server sends exactly one message.
    var singleResponse: Bool { self == .unary || self == .clientStreaming }
}

/// A method's name: `package.Service` plus `Method`, addressed as `POST /package.Service/Method`.
public struct RPCMethod: Sendable, Hashable, CustomStringConvertible {
    /// The fully qualified service, e.g. `palisade.health.v1.Health`.
    public let service: String
    /// The method within the service, e.g. `Check`.
    public let method: String
    /// The call shape.
    public let kind: RPCKind

    /// Names a method.
    public init(service: String, method: String, kind: RPCKind) {
        self.service = service
        self.method = method
        self.kind = kind
        self.path = "/\(service)/\(method)"
    }

    /// The HTTP/2 `:path` of the method (built once: every call sends it).
    public let path: String

    public var description: String { "\(service)/\(method)" }
}

/// How a call's messages are encoded, chosen by the request's `content-type`.
public enum MessageEncoding: Sendable, Hashable {
    /// `application/grpc+palisade` (or any `application/grpc*`): length-prefixed binary messages.
    case binary
    /// `application/json`: plain JSON for unary calls, newline-delimited JSON for streams.
    case json

    /// Encodes `value` in this encoding; a failure is the handler's bug, hence `internal`.
    public func encode<T: Encodable>(_ value: T) throws(RPCError) -> [UInt8] {
        do {
            switch self {
            case .binary: return try WireEncoder().encode(value)
            case .json: return try WireJSONEncoder().encode(value)
            }
        } catch {
            throw RPCError(.internalError, "cannot encode \(T.self): \(error)")
        }
    }

    /// Decodes a message; malformed input is the caller's fault, hence `invalidArgument`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], maxSize: Int) throws(RPCError) -> T {
        do {
            switch self {
            case .binary:
                var limits = WireLimits()
                limits.maxMessageSize = maxSize
                return try WireDecoder(limits: limits).decode(type, from: bytes)
            case .json:
                return try WireJSONDecoder().decode(type, from: bytes.isEmpty ? Array("{}".utf8) : bytes)
            }
        } catch {
            throw RPCError(.invalidArgument, "malformed \(T.self) message: \(error)")
        }
    }
}
