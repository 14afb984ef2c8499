import Logging
import PalisadeWire

/// A gRPC-style client: one multiplexed HTTP/2 connection to one target, on its own event loop.
///
/// Calls are scoped: a streaming call's body closure gets the request writer and/or response
/// stream, and the call ends when the body returns (unfinished request streams are closed,
/// unread responses are cancelled). Every call can carry a timeout (sent as `grpc-timeout`)
/// and is cancelled with its task.
///
/// ```swift
/// let client = try RPCClient(configuration: .init(host: "127.0.0.1", port: port, security: .plaintext))
/// let reply = try await client.call(HealthAPI.check, HealthCheckRequest())
/// ```
public final class RPCClient: Sendable {
    /// The settings the client was made with.
    public let configuration: RPCClientConfiguration
    private let manager: LoopBound<ClientConnectionManager>
    private let loop: EventLoop
    private let ownsLoop: Bool

    /// The client's event loop. Callers that make many small calls can run on it
    /// (`withTaskExecutorPreference(client.eventLoop) { … }`) to avoid a thread hop per call;
    /// such code must not block.
    public var eventLoop: EventLoop { loop }

    /// Makes a client; the connection is opened by the first call.
    public init(configuration: RPCClientConfiguration, loop: EventLoop? = nil) throws(RPCError) {
        self.configuration = configuration
        do throws(SocketError) {
            if let loop { self.loop = loop } else { self.loop = try EventLoop(name: "palisade-client") }
        } catch {
            throw RPCError(.internalError, "cannot start the event loop: \(error.message)")
        }
        ownsLoop = loop == nil
        manager = LoopBound(ClientConnectionManager(loop: self.loop, configuration: configuration), loop: self.loop)
    }

    deinit {
        let manager = self.manager
        loop.execute { manager.value.close() }
        if ownsLoop { loop.shutdownGracefully() }
    }

    /// Closes the connection; calls still running fail with `UNAVAILABLE`.
    public func close() {
        let manager = self.manager
        loop.execute { manager.value.close() }
    }

    // MARK: Raw calls (payload bytes, no encoding)

    /// A unary call on raw payloads.
    public func unaryRaw(_ method: RPCMethodName, _ request: [UInt8], options: CallOptions = CallOptions()) async throws(RPCError)
        -> [UInt8]
    {
        try await withCall(method, options) { bridge throws in
            bridge.finishOutbound(last: MessageFramer.frame(request))
            return try await Self.singleResponse(bridge, method)
        }
    }

    /// A server-streaming call on raw payloads; `body` reads the responses.
    ///
    /// When `body` returns before the server ended the stream, the call is cancelled (the server
    /// sees `CANCELLED`): that is how a caller stops following an endless stream such as a
    /// subscription. When the server has ended it, the rest is read so its status is checked.
    public func serverStreamingRaw<Result: Sendable>(
        _ method: RPCMethodName, _ request: [UInt8], options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCMessageStream) async throws -> Result
    ) async throws(RPCError) -> Result {
        try await withCall(method, options) { bridge throws in
            bridge.finishOutbound(last: MessageFramer.frame(request))
            let result = try await body(RPCMessageStream(bridge: bridge))
            if bridge.inboundHasEnded {
                try await Self.drainToStatus(bridge)
            } else {
                bridge.cancel(RPCError(.cancelled, "the caller stopped reading \(method)"))
            }
            return result
        }
    }

    /// A client-streaming call on raw payloads; `body` writes the requests.
    public func clientStreamingRaw(
        _ method: RPCMethodName, options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCRequestWriter) async throws -> Void
    ) async throws(RPCError) -> [UInt8] {
        try await withCall(method, options) { bridge throws in
            try await body(RPCRequestWriter(bridge: bridge))
            bridge.finishOutbound()
            return try await Self.singleResponse(bridge, method)
        }
    }

    /// A bidirectional call on raw payloads; `body` writes requests and reads responses.
    public func bidirectionalRaw<Result: Sendable>(
        _ method: RPCMethodName, options: CallOptions = CallOptions(),
        _ body: @Sendable (RPCRequestWriter, RPCMessageStream) async throws -> Result
    ) async throws(RPCError) -> Result {
        try await withCall(method, options) { bridge throws in
            let result = try await body(RPCRequestWriter(bridge: bridge), RPCMessageStream(bridge: bridge))
            bridge.finishOutbound()
            try await Self.drainToStatus(bridge)
            return result
        }
    }

    // MARK: Plumbing

    private func withCall<Result: Sendable>(
        _ method: RPCMethodName, _ options: CallOptions, _ body: (CallBridge) async throws -> Result
    ) async throws(RPCError) -> Result {
        let call = ClientCall(method: method, options: options, maxMessageSize: configuration.maxMessageSize)
        let bridge = call.bridge
        let box = LoopBound(call, loop: loop)
        let manager = self.manager
        if loop.inLoop {
            manager.value.start(box.value)
        } else {
            loop.execute { manager.value.start(box.value) }
        }
        // The call keeps the client alive: a caller may drop its last reference to the client
        // while awaiting the result (`try await makeClient().unary(...)`).
        defer { withExtendedLifetime(self) {} }
        do {
            return try await withTaskCancellationHandler {
                try await body(bridge)
            } onCancel: {
                bridge.cancel(RPCError(.cancelled, "the caller cancelled \(method)"))
            }
        } catch let error as RPCError {
            throw error
        } catch is CancellationError {
            bridge.cancel(RPCError(.cancelled, "the caller cancelled \(method)"))
            throw RPCError(.cancelled, "the caller cancelled \(method)")
        } catch {
            // The body threw its own error: the call is abandoned.
            bridge.cancel(RPCError(.cancelled, "the caller abandoned \(method): \(error)"))
            throw RPCError(.cancelled, "\(method) abandoned: \(error)")
        }
    }

    private static func singleResponse(_ bridge: CallBridge, _ method: RPCMethodName) async throws -> [UInt8] {
        guard let response = try await bridge.next() else {
            throw RPCError(.internalError, "\(method) returned OK without a response message")
        }
        guard try await bridge.next() == nil else {
            bridge.cancel(RPCError(.cancelled, "protocol violation"))
            throw RPCError(.internalError, "\(method) returned more than one response message")
        }
        return response
    }

    private static func drainToStatus(_ bridge: CallBridge) async throws {
        while try await bridge.next() != nil {}
    }
}

/// Sends the requests of a streaming client call, suspending while the server is not reading.
public struct RPCRequestWriter: Sendable {
    let bridge: CallBridge

    /// Sends one raw payload.
    public func write(_ message: [UInt8]) async throws {
        try await bridge.send(MessageFramer.frame(message))
    }

    /// Ends the request stream early (the call's end does it otherwise).
    public func finish() {
        bridge.finishOutbound()
    }
}
