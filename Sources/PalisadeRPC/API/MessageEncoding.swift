import PalisadeWire

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
