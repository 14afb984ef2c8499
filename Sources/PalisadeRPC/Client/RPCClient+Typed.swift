import PalisadeWire

/// Typed calls: messages are `Codable` structs in the binary wire encoding.
extension RPCClient {
    private var encoding: MessageEncoding { .binary }

    private func typed(_ options: CallOptions) -> CallOptions {
        var typed = options
        typed.contentType = "application/grpc+palisade"
        return typed
    }

    private func decode<T: Decodable & Sendable>(_ type: T.Type, _ bytes: [UInt8]) throws(RPCError) -> T {
        do {
            return try encoding.decode(type, from: bytes, maxSize: configuration.maxMessageSize)
        } catch {
            // A response we cannot read is the server's fault (or a version mismatch), not ours.
            throw RPCError(.internalError, "cannot decode the response: \(error.message)")
        }
    }

    /// A unary call: one request, its response.
    public func call<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions = CallOptions()
    ) async throws(RPCError) -> Response {
        let bytes = try await unaryRaw(method.name, try encoding.encode(request), options: typed(options))
        return try decode(Response.self, bytes)
    }

    /// A server-streaming call; `body` reads the decoded responses.
    public func serverStreaming<Request, Response, Result: Sendable>(
        _ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCMessages<Response>) async throws -> Result
    ) async throws(RPCError) -> Result {
        let maxSize = configuration.maxMessageSize
        return try await serverStreamingRaw(method.name, try encoding.encode(request), options: typed(options)) { raw in
            try await body(RPCMessages(raw: raw, encoding: .binary, maxSize: maxSize, malformed: .internalError))
        }
    }

    /// A client-streaming call; `body` writes typed requests.
    public func clientStreaming<Request, Response>(
        _ method: RPCMethod<Request, Response>, options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCTypedRequestWriter<Request>) async throws -> Void
    ) async throws(RPCError) -> Response {
        let bytes = try await clientStreamingRaw(method.name, options: typed(options)) { raw in
            try await body(RPCTypedRequestWriter(raw: raw))
        }
        return try decode(Response.self, bytes)
    }

    /// A bidirectional call; `body` writes typed requests and reads typed responses.
    public func bidirectional<Request, Response, Result: Sendable>(
        _ method: RPCMethod<Request, Response>, options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCTypedRequestWriter<Request>, RPCMessages<Response>) async throws -> Result
    ) async throws(RPCError) -> Result {
        let maxSize = configuration.maxMessageSize
        return try await bidirectionalRaw(method.name, options: typed(options)) { writer, responses in
            try await body(
                RPCTypedRequestWriter(raw: writer),
                RPCMessages(raw: responses, encoding: .binary, maxSize: maxSize, malformed: .internalError))
        }
    }
}

/// Writes typed requests of a streaming client call.
public struct RPCTypedRequestWriter<Message: Encodable & Sendable>: Sendable {
    let raw: RPCRequestWriter

    /// Encodes and sends one request, suspending while the server is not reading.
    public func write(_ message: Message) async throws {
        try await raw.write(try MessageEncoding.binary.encode(message))
    }

    /// Ends the request stream early.
    public func finish() { raw.finish() }
}
