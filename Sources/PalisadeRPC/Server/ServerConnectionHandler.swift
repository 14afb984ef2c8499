import Logging
import PalisadeHTTP1
import PalisadeHTTP2
import PalisadeTLS
import PalisadeWire

/// Routes the HTTP/2 streams of one accepted connection to calls, on the connection's loop.
final class ServerConnectionHandler: ConnectionDelegate {
    let connection: Connection
    let core: ServerCore
    /// Read by the server's registry (other threads) to pick idle connections to evict.
    let activity: ConnectionActivity
    /// Bounds the response bytes this connection's handlers may queue.
    let gate: OutboundGate
    private var calls: [Int32: ServerCall] = [:]
    private var plainCalls: [Int32: PlainHTTPCall] = [:]
    /// Handlers still running for streams that are already closed (reset by the peer): they
    /// count towards the stream limit until they return, or a client could reset its way past it.
    private var orphanedHandlers = 0
    private var resetLimiter: StreamResetLimiter
    /// `session.resetsReceived` already charged to `resetLimiter`.
    private var resetsCharged = 0
    private var keepaliveTimer: UInt64?
    private var idleTimer = CoalescedTimer()
    private var awaitingPing = false
    private(set) var draining = false
    private var goAwaySent = false

    // HTTP/1.1 (`ServerConnectionHandler+HTTP1.swift`): one request at a time.
    /// The request being answered.
    var http1Call: PlainHTTPCall?
    /// Closes a request whose head (then body) does not arrive in time: the deadline, and the
    /// one timer that checks it.
    var http1RequestDeadline: UInt64?
    var http1RequestTimer = CoalescedTimer()
    /// The current request's end has been read (its answer may keep the connection open).
    var http1RequestEnded = false
    /// The answer is queued; the next request is read once it has gone out.
    var http1AnswerQueued = false
    /// Whether the current request lets the connection carry another.
    var http1KeepAlive = true

    init(connection: Connection, core: ServerCore, activity: ConnectionActivity) {
        self.connection = connection
        self.core = core
        self.activity = activity
        self.gate = OutboundGate(limit: core.configuration.connectionOutboundLimit, budget: core.budget)
        self.resetLimiter = StreamResetLimiter(limit: core.configuration.streamResetLimit, now: MonotonicClock.now)
    }

    /// Where handler tasks run: this connection's loop, or the global pool.
    var handlerExecutor: (any TaskExecutor)? {
        core.configuration.handlerExecution == .eventLoop ? connection.loop : nil
    }

    /// Number of calls in flight on this connection.
    var activeCalls: Int { calls.count + plainCalls.count + (http1Call == nil ? 0 : 1) }

    func connectionBecameActive(_ connection: Connection) {
        armKeepalive()
        armIdleTimer(at: MonotonicClock.after(core.configuration.firstRequestTimeout))
        if draining { beginDrain() }
    }

    func connection(_ connection: Connection, received events: [H2Event]) {
        for event in events {
            guard !connection.terminating else { return }
            switch event {
            case .headers(let id, let fields, let kind, let endStream):
                if kind == .request {
                    open(streamID: id, fields: fields)
                }
                if endStream { endOfRequest(id) }
            case .data(let id, let bytes):
                if let call = calls[id] {
                    call.receive(bytes)
                } else if let call = plainCalls[id] {
                    call.receive(bytes)
                } else {
                    connection.session?.consume(streamID: id, count: bytes.count)
                }
            case .endStream(let id):
                endOfRequest(id)
            case .streamClosed(let id, let code):
                if let call = calls.removeValue(forKey: id) {
                    // A handler whose response was complete is done in all but name (its task's
                    // last hop to this loop may still be queued); one still working is not.
                    let answered = call.finished
                    call.closed(errorCode: code)
                    if call.handlerRunning, !answered {
                        call.orphaned = true
                        orphanedHandlers += 1
                    }
                }
                plainCalls.removeValue(forKey: id)?.closed()
                if activeCalls == 0 { becameIdle() }
            case .headersTooLarge(let id):
                reject(id, RPCError(.resourceExhausted, "request headers exceed \(core.configuration.maxHeaderListSize) bytes"))
                // Decoding an oversized block costs CPU whatever we answer (HPACK expands one
                // byte into a 4 KiB field): one such block is all a connection gets.
                beginDrain(errorCode: Self.enhanceYourCalm)
            case .outboundDrained(let id):
                calls[id]?.outboundDrained()
                plainCalls[id]?.outboundDrained()
            case .pingAck:
                awaitingPing = false
            case .goAway, .remoteSettingsChanged:
                break
            }
        }
        chargeResets(0)
        connection.flushLater()
    }

    static let enhanceYourCalm: UInt32 = 0x0b
    static let refusedStream: UInt32 = 0x07

    /// Charges the peer's new RST_STREAMs and `refused` refused streams to the reset limiter;
    /// past its allowance the connection ends with GOAWAY ENHANCE_YOUR_CALM.
    private func chargeResets(_ refused: Int) {
        guard let session = connection.session else { return }
        let fresh = session.resetsReceived - resetsCharged
        resetsCharged = session.resetsReceived
        guard fresh + refused > 0, !resetLimiter.take(fresh + refused, now: MonotonicClock.now) else { return }
        let limit = resetLimiter.limit
        core.logger.notice(
            "closing a connection that resets or overruns streams too fast",
            metadata: [
                "peer": "\(connection.peer)", "limit": "\(limit.burst) at once, \(limit.perSecond)/s",
            ])
        connection.terminate(
            errorCode: Self.enhanceYourCalm,
            RPCError(
                .resourceExhausted, "\(connection.peer) reset or overran streams faster than \(limit.perSecond)/s (burst \(limit.burst))"))
    }

    // MARK: Unfinished input

    /// Bytes of unfinished request messages (and unary requests waiting for their end of
    /// stream) held for this connection's calls.
    private var inboundHeld = 0

    /// What unfinished input a connection may pin: the configured limit, and never less than
    /// one largest message.
    var inboundAllowance: Int { max(core.configuration.connectionInboundLimit, core.configuration.maxMessageSize + 5) }

    /// Adds `delta` to the connection's held input; false when that takes it past the allowance
    /// (the caller fails its call, which gives the bytes back).
    func holdInbound(_ delta: Int) -> Bool {
        inboundHeld += delta
        return delta <= 0 || inboundHeld <= inboundAllowance
    }

    // MARK: Handler tasks

    /// A handler task returned (on the loop); it may belong to a stream closed long ago, or to
    /// a connection already closed.
    func handlerReturned(_ call: ServerCall) {
        call.handlerFinished()
        if call.orphaned {
            call.orphaned = false
            orphanedHandlers -= 1
        }
    }

    // MARK: Idle connections

    func becameIdle() {
        if draining {
            finishDrain()
            return
        }
        let now = MonotonicClock.now
        activity.idle(now: now)
        // One timer per connection, not one per call (`CoalescedTimer`).
        armIdleTimer(at: MonotonicClock.after(core.configuration.idleTimeout, from: now))
    }

    private func armIdleTimer(at deadline: UInt64) {
        idleTimer.arm(at: deadline, on: connection.loop) { [weak self] in self?.idleTimerFired() }
    }

    /// Closes the connection (gracefully) if it stayed idle for the idle timeout, or, before its
    /// first request, for the shorter first-request timeout; otherwise looks again later.
    private func idleTimerFired() {
        idleTimer.fired()
        // An HTTP/1.1 request whose head is arriving has its own timer (it is answered 408).
        guard activeCalls == 0, !draining, connection.http1?.isReadingRequest != true, let since = activity.idleSince else {
            return
        }
        let timeout = activity.hasServed ? core.configuration.idleTimeout : core.configuration.firstRequestTimeout
        let deadline = MonotonicClock.after(timeout, from: since)
        if MonotonicClock.now >= deadline {
            core.logger.debug("closing an idle connection", metadata: ["peer": "\(connection.peer)"])
            beginDrain()
        } else {
            armIdleTimer(at: deadline)
        }
    }

    /// Closes the connection if it is idle, to make room for a new one at the connection cap.
    func evictIfIdle() {
        guard activeCalls == 0, !draining else {
            activity.releaseEviction()
            return
        }
        core.logger.debug("evicting an idle connection at the connection cap", metadata: ["peer": "\(connection.peer)"])
        beginDrain()
    }

    func connectionClosed(_ connection: Connection, error: RPCError?) {
        if let t = keepaliveTimer { connection.loop.cancelTimer(t) }
        idleTimer.cancel(on: connection.loop)
        for call in calls.values { call.closed(errorCode: 8) }
        calls.removeAll()
        for call in plainCalls.values { call.closed() }
        plainCalls.removeAll()
        http1Call?.closed()
        http1Call = nil
        http1RequestTimer.cancel(on: connection.loop)
        if let error { core.logger.debug("connection closed", metadata: ["peer": "\(connection.peer)", "reason": "\(error.message)"]) }
        core.connectionClosed(self)
    }

    // MARK: Opening calls

    private func endOfRequest(_ id: Int32) {
        calls[id]?.receiveEnd()
        plainCalls[id]?.receiveEnd()
    }

    private func open(streamID: Int32, fields: [H2Header]) {
        guard let session = connection.session else { return }
        if activeCalls + orphanedHandlers >= Int(core.configuration.maxConcurrentStreams) {
            // nghttp2 counts open streams only; handlers of reset streams still run. Refused
            // streams are safe for the client to retry, and count as resets against the limiter.
            session.resetStream(streamID, errorCode: Self.refusedStream)
            chargeResets(1)
            return
        }
        if activeCalls == 0 { activity.busy() }
        let request = RequestHead(fields)
        if let handler = core.configuration.httpHandler, core.routes[request.path] == nil {
            // Not an RPC: a plain HTTP request for the server's HTTP handler.
            let call = PlainHTTPCall(
                streamID: streamID, fields: fields, handler: handler,
                maxBodySize: core.configuration.maxMessageSize, owner: self)
            plainCalls[streamID] = call
            return
        }
        guard request.method == "POST" else {
            rejectPlain(streamID, status: 405, "only POST is served")
            return
        }
        guard let encoding = request.encoding else {
            rejectPlain(streamID, status: 415, "content-type must be application/grpc+palisade or application/json")
            return
        }
        let identity = connection.peerIdentity
        guard let route = core.routes[request.path], var logger = core.routeLoggers[request.path] else {
            reject(
                streamID, RPCError(.unimplemented, "method \(request.path) is not served here"), encoding: encoding,
                contentType: request.contentType)
            return
        }
        if let caller = identity?.spiffeName { logger[metadataKey: "caller"] = "\(caller)" }
        if encoding == .json, !route.offersJSON {
            reject(
                streamID, RPCError(.unimplemented, "\(route.method) has no JSON mapping: call it with application/grpc+palisade"),
                encoding: encoding, contentType: request.contentType)
            return
        }
        if let denied = core.authorize(route: route, peer: identity) {
            logger.notice("call refused", metadata: ["reason": "\(denied.message)"])
            reject(streamID, denied, encoding: encoding, contentType: request.contentType)
            return
        }
        if let invalid = request.invalidTimeout {
            reject(
                streamID, RPCError(.internalError, "invalid \(invalid.header) '\(invalid.value)': \(invalid.expected)"),
                encoding: encoding, contentType: request.contentType)
            return
        }
        guard core.budget.hasRoom else {
            logger.warning(
                "call refused: the server's memory budget is spent",
                metadata: [
                    "budget": "\(core.budget.limit)", "in_use": "\(core.budget.inUse)",
                ])
            reject(
                streamID, RPCError(.resourceExhausted, "the server is holding as much as it may for its callers; retry shortly"),
                encoding: encoding, contentType: request.contentType)
            return
        }
        var deadlineNanos: UInt64?
        var deadline: ContinuousClock.Instant?
        if let timeout = request.timeout {
            deadlineNanos = MonotonicClock.after(timeout)
            deadline = ContinuousClock.now.advanced(by: timeout)
        }
        let context = RPCContext(
            method: route.method, peer: identity, remoteAddress: connection.peer, deadline: deadline,
            metadata: request.metadata, encoding: encoding, maxMessageSize: core.configuration.maxMessageSize,
            logger: logger)
        // JSON is offered for single-request shapes only, so its request is always one body.
        let framing: InboundDecoder.Framing = encoding == .binary ? .lengthPrefixed : .wholeBody
        let responseType =
            encoding == .binary
            ? request.contentType : (route.method.kind.singleResponse ? "application/json" : "application/x-ndjson")
        let call = ServerCall(
            streamID: streamID, route: route, context: context, framing: framing,
            responseContentType: responseType, owner: self)
        calls[streamID] = call
        call.start(deadline: deadlineNanos)
    }

    /// Answers a call that will not run, with a status in the call's own encoding.
    private func reject(
        _ streamID: Int32, _ error: RPCError, encoding: MessageEncoding = .binary,
        contentType: String = "application/grpc+palisade"
    ) {
        guard let session = connection.session else { return }
        let headers = ResponseHeaders(encoding: encoding, contentType: contentType)
        do {
            if encoding == .json {
                try session.submitResponse(streamID: streamID, headers: headers.jsonErrorHeaders(error), endStream: false)
                try session.sendData(streamID: streamID, headers.jsonErrorBody(error))
                try session.finish(streamID: streamID, trailers: nil)
            } else {
                try session.submitResponse(streamID: streamID, headers: headers.trailersOnly(error), endStream: true)
            }
        } catch {
            session.resetStream(streamID, errorCode: 2)
        }
    }

    private func rejectPlain(_ streamID: Int32, status: Int, _ text: String) {
        guard let session = connection.session else { return }
        do {
            try session.submitResponse(streamID: streamID, headers: ResponseHeaders.plain(status: status), endStream: false)
            try session.sendData(streamID: streamID, Array((text + "\n").utf8))
            try session.finish(streamID: streamID, trailers: nil)
        } catch {
            session.resetStream(streamID, errorCode: 2)
        }
    }

    // MARK: Keep-alive and shutdown

    private func armKeepalive() {
        guard let interval = core.configuration.keepaliveInterval else { return }
        keepaliveTimer = connection.loop.schedule(at: MonotonicClock.after(interval)) { [weak self] in
            self?.keepaliveFired()
        }
    }

    private func keepaliveFired() {
        // HTTP/1.1 has no ping: its idle timeout is the bound. A cleartext connection that has
        // not shown its protocol yet may still turn out to be HTTP/2.
        guard connection.http1 == nil else { return }
        guard let session = connection.session else {
            armKeepalive()
            return
        }
        if awaitingPing {
            // The peer did not answer a whole interval: it is gone or wedged.
            connection.close(RPCError(.unavailable, "keep-alive ping to \(connection.peer) was not answered"))
            return
        }
        awaitingPing = true
        try? session.ping(opaque: MonotonicClock.now)
        connection.flushLater()
        armKeepalive()
    }

    /// Graceful shutdown: GOAWAY so the peer opens nothing new, let calls finish, then close.
    /// `errorCode` is NO_ERROR for a shutdown or an idle connection, ENHANCE_YOUR_CALM when the
    /// peer's behaviour is the reason.
    func beginDrain(errorCode: UInt32 = 0) {
        draining = true
        if connection.session == nil {
            // HTTP/1.1 (or not known yet): the answer in progress says `Connection: close`.
            if activeCalls == 0 { finishDrain() }
            return
        }
        guard let session = connection.session, !goAwaySent || errorCode != 0 else { return }
        goAwaySent = true
        if errorCode == 0 { session.shutdownNotice() }
        try? session.goAway(errorCode: errorCode)
        connection.flushLater()
        if activeCalls == 0 { finishDrain() }
    }

    private func finishDrain() {
        connection.flushNow()
        connection.close(nil)
    }

    /// Hard stop at the end of the grace period: cancel what is still running.
    func forceClose() {
        connection.close(RPCError(.unavailable, "server shut down"))
    }
}
