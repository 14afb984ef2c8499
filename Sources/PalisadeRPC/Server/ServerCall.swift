import Logging
import PalisadeHTTP2
import PalisadeWire

/// The loop side of one server call (one HTTP/2 stream).
///
/// It feeds request bytes to the handler through the `CallBridge`, turns what the handler sends
/// into DATA frames and trailers, and enforces the deadline. It lives on the connection's loop;
/// the handler runs as a task elsewhere.
final class ServerCall: CallLoopSide {
    let streamID: Int32
    let route: RPCRoute
    let context: RPCContext
    let bridge: CallBridge
    private unowned let owner: ServerConnectionHandler
    private let budget: MemoryBudget
    /// Request bytes charged to the memory budget: held until the handler has them.
    private var inboundCharged = 0
    private let responseContentType: String
    private var decoder: InboundDecoder
    private var unaryRequest: [UInt8]?
    private var task: Task<Void, Never>?
    private var deadlineTimer: UInt64?
    private var responseStarted = false
    private(set) var finished = false
    private(set) var inboundEnded = false

    init(
        streamID: Int32, route: RPCRoute, context: RPCContext, framing: InboundDecoder.Framing,
        responseContentType: String, owner: ServerConnectionHandler
    ) {
        self.streamID = streamID
        self.route = route
        self.context = context
        self.owner = owner
        self.bridge = CallBridge(gate: owner.gate)
        self.budget = owner.gate.budget
        self.responseContentType = responseContentType
        self.decoder = InboundDecoder(framing: framing, maxMessageSize: context.maxMessageSize)
    }

    private var session: H2Session? { owner.connection.session }
    private var framing: MessageFraming {
        if context.encoding == .binary { return .lengthPrefixed }
        return route.method.kind.singleResponse ? .wholeBody : .newlineDelimited
    }

    /// Starts the call: arms the deadline and, for streaming calls, the handler.
    func start(deadline: UInt64?) {
        bridge.attach(LoopBound(self, loop: owner.connection.loop))
        if let deadline, deadline <= MonotonicClock.now {
            // Already expired (`0n`): answered the same for every call shape, without running the
            // handler, rather than racing the timer against a unary handler that is quick.
            fail(RPCError(.deadlineExceeded, "deadline exceeded before \(route.method) started"))
            return
        }
        if let deadline {
            deadlineTimer = owner.connection.loop.schedule(at: deadline) { [weak self] in
                self?.fail(RPCError(.deadlineExceeded, "deadline exceeded while handling \(self?.route.method.description ?? "call")"))
            }
        }
        if case .stream(let handler) = route.handler {
            let requests = RPCMessageStream(bridge: bridge)
            let writer = RPCResponseWriter(bridge: bridge, framing: framing)
            spawn { [context] in try await handler(requests, writer, context) }
        }
    }

    /// A handler task is running (it may outlive the stream: a reset does not stop a handler
    /// that has not yet looked at cancellation, and it keeps counting towards the connection's
    /// stream limit until it returns).
    private(set) var handlerRunning = false
    /// The stream closed unanswered while the handler ran: counted by the connection as an
    /// orphaned handler until it returns.
    var orphaned = false

    private func spawn(_ body: @escaping @Sendable () async throws -> Void) {
        let bridge = self.bridge
        let context = self.context
        // Strong: the connection handler must hear of the return even after its connection closed.
        let done = LoopBound((call: self, handler: owner), loop: owner.connection.loop)
        handlerRunning = true
        task = Task(executorPreference: owner.handlerExecutor) {
            defer {
                if done.loop.inLoop {
                    done.value.handler.handlerReturned(done.value.call)
                } else {
                    done.loop.execute { done.value.handler.handlerReturned(done.value.call) }
                }
            }
            var status: RPCError?
            do {
                try await body()
            } catch let error as RPCError {
                status = error
            } catch let error as any RPCErrorConvertible {
                status = error.rpcError
            } catch is CancellationError {
                status = RPCError(.cancelled, "the call was cancelled")
            } catch {
                // Unknown errors may carry internals: log them here, send the caller a bare status.
                context.logger.error("handler failed", metadata: ["error": "\(error)"])
                status = RPCError(.internalError, "internal error")
            }
            bridge.finishOutbound(status: status)
        }
    }

    // MARK: Inbound

    /// What this call holds of its peer's bytes before the handler has them: the unfinished
    /// message in the decoder and, for a unary call, the request waiting for the end of the
    /// stream. Charged to the connection (`ServerConnectionHandler.holdInbound`), which bounds
    /// what unfinished messages can pin per connection; the call that goes past it fails.
    private var held = 0

    private func acknowledge(_ count: Int) {
        guard count > 0 else { return }
        session?.consume(streamID: streamID, count: count)
    }

    func receive(_ bytes: [UInt8]) {
        guard !finished else {
            // The call is over (error already sent): discard, but keep the window open.
            acknowledge(bytes.count)
            return
        }
        let messages: [[UInt8]]
        do {
            messages = try decoder.append(bytes)
        } catch {
            acknowledge(bytes.count)
            fail(error)
            return
        }
        budget.charge(bytes.count)
        inboundCharged += bytes.count
        if case .unary = route.handler {
            acknowledge(bytes.count)
            for message in messages { acceptUnary(message) }
            hold(decoder.bufferedCapacity + (unaryRequest?.count ?? 0))
            return
        }
        if !messages.isEmpty { releaseInbound() }
        hold(decoder.bufferedCapacity)
        guard !finished else { return }
        // Complete messages wait in the bridge for the handler; past its high-water mark the
        // stream's credit is held back until the handler catches up (back-pressure).
        if bridge.deliver(messages, rawBytes: bytes.count) { acknowledge(bytes.count) }
    }

    /// Records that the call now holds `bytes` of unfinished input; fails it when that takes
    /// the connection past its allowance.
    private func hold(_ bytes: Int) {
        let delta = bytes - held
        held = bytes
        guard !owner.holdInbound(delta) else { return }
        fail(
            RPCError(
                .resourceExhausted,
                "unfinished request messages on this connection exceed \(owner.inboundAllowance) bytes; send fewer at once"))
    }

    private func acceptUnary(_ message: [UInt8]) {
        guard unaryRequest == nil else {
            fail(RPCError(.invalidArgument, "\(route.method) expects one request message, got more"))
            return
        }
        unaryRequest = message
    }

    func receiveEnd() {
        guard !inboundEnded else { return }
        inboundEnded = true
        guard !finished else { return }
        let last: [[UInt8]]
        do {
            last = try decoder.finish()
        } catch {
            fail(error)
            return
        }
        guard case .unary(let handler) = route.handler else {
            // (A JSON body is only complete at the end of the stream.)
            hold(0)
            if !last.isEmpty { _ = bridge.deliver(last, rawBytes: 0) }
            bridge.finishInbound(nil)
            return
        }
        for message in last { acceptUnary(message) }
        guard !finished else { return }
        guard let request = unaryRequest else {
            fail(RPCError(.invalidArgument, "\(route.method) expects one request message, got none"))
            return
        }
        // The handler has the request now: it no longer counts against the connection.
        hold(0)
        let bridge = self.bridge
        let framing = self.framing
        spawn { [context] in
            let response = try await handler(request, context)
            bridge.finishOutbound(last: framing.frame(response))
        }
    }

    // MARK: Outbound

    func perform(_ action: CallLoopAction) {
        switch action {
        case .drainOutbox: drainOutbox()
        case .releaseInbound:
            let n = bridge.takeUnreleasedBytes()
            if n > 0, !finished {
                session?.consume(streamID: streamID, count: n)
                owner.connection.flushLater()
            }
        case .cancel(let box): fail(RPCError(box.code, box.message))
        }
    }

    private func drainOutbox() {
        guard !finished, let session else { return }
        let (messages, done, status) = bridge.takeOutbox()
        do {
            if !messages.isEmpty {
                try startResponseIfNeeded(session)
                for m in messages { try session.sendData(streamID: streamID, m) }
            }
            if done { try complete(status: status, session: session) }
        } catch {
            session.resetStream(streamID, errorCode: 2)
            finish()
        }
        bridge.updateLoopQueued(session.pendingOutboundBytes(streamID: streamID))
        owner.connection.flushLater()
    }

    /// The handler task returned (on the loop).
    func handlerFinished() {
        handlerRunning = false
        releaseInbound()
    }

    private func releaseInbound() {
        budget.release(inboundCharged)
        inboundCharged = 0
    }

    /// Called when nghttp2 has taken all queued bytes of the stream.
    func outboundDrained() {
        guard let session else { return }
        bridge.updateLoopQueued(session.pendingOutboundBytes(streamID: streamID))
    }

    private func startResponseIfNeeded(_ session: H2Session) throws(H2Error) {
        guard !responseStarted else { return }
        responseStarted = true
        try session.submitResponse(
            streamID: streamID,
            headers: [
                H2Header(":status", "200"), H2Header("content-type", responseContentType),
            ], endStream: false)
    }

    private func complete(status: RPCError?, session: H2Session) throws(H2Error) {
        finish()
        let responses = ResponseHeaders(encoding: context.encoding, contentType: responseContentType)
        if responseStarted {
            if context.encoding == .json {
                if let status { try session.sendData(streamID: streamID, responses.ndjsonErrorLine(status)) }
                try session.finish(streamID: streamID, trailers: nil)
            } else {
                try session.finish(streamID: streamID, trailers: responses.trailers(status))
            }
            return
        }
        if context.encoding == .json, let status {
            try session.submitResponse(streamID: streamID, headers: responses.jsonErrorHeaders(status), endStream: false)
            try session.sendData(streamID: streamID, responses.jsonErrorBody(status))
            try session.finish(streamID: streamID, trailers: nil)
        } else if context.encoding == .json {
            try startResponseIfNeeded(session)
            try session.finish(streamID: streamID, trailers: nil)
        } else {
            try session.submitResponse(streamID: streamID, headers: responses.trailersOnly(status), endStream: true)
        }
    }

    /// Ends the call with `error` now, whatever the handler is doing.
    func fail(_ error: RPCError) {
        guard !finished, let session else { return }
        bridge.fail(error)
        task?.cancel()
        do {
            try complete(status: error, session: session)
        } catch {
            session.resetStream(streamID, errorCode: 2)
        }
        owner.connection.flushLater()
    }

    private func finish() {
        finished = true
        // Answered: what the peer sent towards an unfinished message is dropped now, not when it
        // gets round to ending the stream (it may never), and later bytes are discarded.
        if held > 0 {
            _ = owner.holdInbound(-held)
            held = 0
        }
        decoder.discard()
        unaryRequest = nil
        if !handlerRunning { releaseInbound() }
        if let t = deadlineTimer { owner.connection.loop.cancelTimer(t) }
        deadlineTimer = nil
    }

    /// The stream is gone (completed, reset by the peer, or the connection closed).
    func closed(errorCode: UInt32) {
        if !handlerRunning { releaseInbound() }
        if held > 0 {
            _ = owner.holdInbound(-held)
            held = 0
        }
        if !finished {
            let error =
                errorCode == 0
                ? RPCError(.cancelled, "the client closed the stream")
                : RPCError(.cancelled, "the client cancelled the call (HTTP/2 error \(errorCode))")
            bridge.fail(error)
            task?.cancel()
            finish()
        } else if task != nil {
            // A streaming handler may still be reading: its next read ends the call for it.
            bridge.finishInbound(nil)
        }
        bridge.detach()
    }
}
