/// Per-call settings of a client call.
public struct CallOptions: Sendable {
    /// How long the caller waits; sent as `grpc-timeout` so the server stops too. nil = no limit.
    public var timeout: Duration?
    /// Custom metadata sent as request headers (lower-case names, printable ASCII values).
    public var metadata: RPCMetadata
    /// `application/grpc` for raw payloads, `application/grpc+palisade` for typed messages
    /// (set by the typed calls); see `Protocol/README.md`.
    var contentType = "application/grpc"

    /// Options with an optional timeout and metadata.
    public init(timeout: Duration? = nil, metadata: RPCMetadata = RPCMetadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }
}
