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
    public var singleRequest: Bool { self == .unary || self == .serverStreaming }
    /// Whether the server sends exactly one message.
    public var singleResponse: Bool { self == .unary || self == .clientStreaming }
}
