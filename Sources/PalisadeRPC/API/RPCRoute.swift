import PalisadeWire

/// A group of methods served together.
public protocol RPCService: Sendable {
    /// The methods, each with its handler and allow-list.
    var routes: [RPCRoute] { get }
}

/// One servable method: its name, who may call it, and its handler.
///
/// ```swift
/// let check = RPCRoute.unary(HealthAPI.check) { request, context in
///     HealthCheckResponse(status: .serving)
/// }
/// ```
public struct RPCRoute: Sendable {
    /// A handler of a unary call on raw payloads: the loop delivers the whole request at once.
    public typealias UnaryHandler = @Sendable ([UInt8], RPCContext) async throws -> [UInt8]
    /// A handler of any streaming shape on raw payloads.
    public typealias StreamHandler = @Sendable (RPCMessageStream, RPCResponseWriter, RPCContext) async throws -> Void

    enum Handler: Sendable {
        case unary(UnaryHandler)
        case stream(StreamHandler)
    }

    /// The method served.
    public let method: RPCMethodName
    /// SPIFFE names allowed to call (`connector`, `operator/alice`; `operator/*` for every
    /// operator); nil lets any caller that passed the TLS handshake in.
    public let allowedCallers: Set<String>?
    let handler: Handler
    /// Whether the JSON mapping is offered (typed unary and server-streaming methods only:
    /// raw payloads have no JSON form, and client streams are not mapped, per `Protocol/README.md`).
    let offersJSON: Bool

    /// A unary method on raw payloads (no encoding: e.g. the benchmark echo).
    public static func unaryRaw(_ method: RPCMethodName, allow: Set<String>?, _ body: @escaping UnaryHandler) -> RPCRoute {
        precondition(method.kind == .unary, "\(method) is not unary")
        return RPCRoute(method: method, allowedCallers: allow, handler: .unary(body), offersJSON: false)
    }

    /// A streaming method of any shape on raw payloads. The server checks nothing about message
    /// counts: the handler reads and writes what it wants.
    public static func streamRaw(_ method: RPCMethodName, allow: Set<String>?, _ body: @escaping StreamHandler) -> RPCRoute {
        precondition(method.kind != .unary, "\(method) is unary: use unaryRaw")
        return RPCRoute(method: method, allowedCallers: allow, handler: .stream(body), offersJSON: false)
    }

    /// A unary method with typed messages, encoded as the caller asked (binary or JSON).
    public static func unary<Request, Response>(
        _ method: RPCMethod<Request, Response>,
        _ body: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) -> RPCRoute {
        unaryRaw(method.name, allow: method.allowedCallers) { bytes, context in
            let request = try context.decode(Request.self, from: bytes)
            return try context.encode(try await body(request, context))
        }.withJSON()
    }

    /// A server-streaming method with typed messages.
    public static func serverStreaming<Request, Response>(
        _ method: RPCMethod<Request, Response>,
        _ body: @escaping @Sendable (Request, RPCWriter<Response>, RPCContext) async throws -> Void
    ) -> RPCRoute {
        precondition(method.name.kind == .serverStreaming, "\(method) is not server-streaming")
        return streamRaw(method.name, allow: method.allowedCallers) { requests, writer, context in
            let request = try await Self.single(requests, context: context, as: Request.self)
            try await body(request, RPCWriter(raw: writer, encoding: context.encoding), context)
        }.withJSON()
    }

    /// A client-streaming method with typed messages.
    public static func clientStreaming<Request, Response>(
        _ method: RPCMethod<Request, Response>,
        _ body: @escaping @Sendable (RPCMessages<Request>, RPCContext) async throws -> Response
    ) -> RPCRoute {
        precondition(method.name.kind == .clientStreaming, "\(method) is not client-streaming")
        return streamRaw(method.name, allow: method.allowedCallers) { requests, writer, context in
            let response = try await body(RPCMessages(requests: requests, context: context), context)
            try await writer.write(try context.encode(response))
        }
    }

    /// A bidirectional-streaming method with typed messages.
    public static func bidirectional<Request, Response>(
        _ method: RPCMethod<Request, Response>,
        _ body: @escaping @Sendable (RPCMessages<Request>, RPCWriter<Response>, RPCContext) async throws -> Void
    ) -> RPCRoute {
        precondition(method.name.kind == .bidirectional, "\(method) is not bidirectional")
        return streamRaw(method.name, allow: method.allowedCallers) { requests, writer, context in
            try await body(RPCMessages(requests: requests, context: context), RPCWriter(raw: writer, encoding: context.encoding), context)
        }
    }

    private func withJSON() -> RPCRoute {
        RPCRoute(method: method, allowedCallers: allowedCallers, handler: handler, offersJSON: true)
    }

    private static func single<T: Decodable & Sendable>(_ requests: RPCMessageStream, context: RPCContext, as: T.Type) async throws -> T {
        var iterator = requests.makeAsyncIterator()
        guard let first = try await iterator.next() else {
            throw RPCError(.invalidArgument, "\(context.method) expects one request message, got none")
        }
        guard try await iterator.next() == nil else {
            throw RPCError(.invalidArgument, "\(context.method) expects one request message, got more")
        }
        return try context.decode(T.self, from: first)
    }
}

/// Decoded messages arriving on a streaming call: a server handler's requests or a client's
/// responses.
public struct RPCMessages<Message: Decodable & Sendable>: AsyncSequence, Sendable {
    /// The decoded message type.
    public typealias Element = Message
    let raw: RPCMessageStream
    let encoding: MessageEncoding
    let maxSize: Int
    /// Whose fault a malformed message is: the caller's (`invalidArgument`, on the server) or
    /// the server's (`internalError`, on the client).
    let malformed: StatusCode

    /// Iterates and decodes; a malformed message ends the iteration with an `RPCError`.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var raw: RPCMessageStream.AsyncIterator
        let source: RPCMessages
        /// The next decoded message, or nil at the end.
        public mutating func next() async throws -> Message? {
            guard let bytes = try await raw.next() else { return nil }
            do {
                return try source.encoding.decode(Message.self, from: bytes, maxSize: source.maxSize)
            } catch {
                throw RPCError(source.malformed, error.message)
            }
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(raw: raw.makeAsyncIterator(), source: self)
    }
}

extension RPCMessages {
    /// The requests of a server call, in the call's encoding.
    init(requests: RPCMessageStream, context: RPCContext) {
        self.init(raw: requests, encoding: context.encoding, maxSize: context.maxMessageSize, malformed: .invalidArgument)
    }
}

/// Sends typed response messages, with back-pressure.
public struct RPCWriter<Message: Encodable & Sendable>: Sendable {
    let raw: RPCResponseWriter
    let encoding: MessageEncoding

    /// Encodes and sends one message; suspends while the peer is not reading.
    public func write(_ message: Message) async throws {
        try await raw.write(try encoding.encode(message))
    }

    /// Sends a message the handler already holds in the binary encoding (e.g. as stored), or,
    /// on a JSON call, `message()` encoded as JSON. Saves a decode and an encode per message on
    /// the binary path, which is what services streaming from their stores use.
    public func write(binary: [UInt8], orElse message: () throws -> Message) async throws {
        switch encoding {
        case .binary: try await raw.write(binary)
        case .json: try await raw.write(try encoding.encode(try message()))
        }
    }

    /// Like ``write(binary:orElse:)``, with the binary encoding already framed as a gRPC
    /// Length-Prefixed-Message (`MessageFramer.frame`): what a service streaming by the hundred
    /// thousand builds in one buffer from its store, saving a copy per message.
    public func write(lengthPrefixedBinary framed: [UInt8], orElse message: () throws -> Message) async throws {
        switch encoding {
        case .binary: try await raw.write(lengthPrefixed: framed)
        case .json: try await raw.write(try encoding.encode(try message()))
        }
    }
}
