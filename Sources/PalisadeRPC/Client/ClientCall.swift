import PalisadeHTTP2
import PalisadeWire

/// The loop side of one client call.
///
/// Created by `RPCClient` on the caller's task, then handed to the loop, where it waits for a
/// connection and a free stream slot, opens the stream, sends what the caller queued, and turns
/// the response (headers, messages, trailers or a reset) into messages and a final status on
/// the bridge.
final class ClientCall: CallLoopSide {
    let method: RPCMethodName
    let options: CallOptions
    let bridge = CallBridge()
    let maxMessageSize: Int
    private(set) var streamID: Int32 = 0
    private weak var handler: ClientConnectionHandler?
    private var decoder: InboundDecoder
    private var httpStatus = 0
    private var deadlineTimer: UInt64?
    private var outboundDone = false
    private(set) var finished = false

    init(method: RPCMethodName, options: CallOptions, maxMessageSize: Int) {
        self.method = method
        self.options = options
        self.maxMessageSize = maxMessageSize
        self.decoder = InboundDecoder(framing: .lengthPrefixed, maxMessageSize: maxMessageSize)
    }

    /// Arms the deadline as soon as the call reaches the loop (time spent waiting for a
    /// connection counts against it, as in gRPC).
    func armDeadline(on loop: EventLoop) {
        loopForTimers = loop
        guard let timeout = options.timeout else { return }
        deadlineTimer = loop.schedule(at: MonotonicClock.after(timeout)) { [weak self] in
            self?.fail(
                RPCError(.deadlineExceeded, "deadline of \(timeout) exceeded calling \(self?.method.description ?? "")"),
                resetCode: 8)
        }
    }

    /// Opens the stream on `handler`'s session. Returns false if the call was already over.
    func open(on handler: ClientConnectionHandler, session: H2Session, authority: String, scheme: String) -> Bool {
        guard !finished else { return false }
        if let failure = bridge.failure {
            finish(with: failure)
            return false
        }
        var headers = [
            H2Header(":method", "POST"), H2Header(":scheme", scheme), H2Header(":path", method.path),
            H2Header(":authority", authority), H2Header("te", "trailers"),
        ]
        if let timeout = options.timeout { headers.append(H2Header("grpc-timeout", GRPCTimeout.encode(timeout))) }
        headers.append(H2Header("content-type", options.contentType))
        headers.append(H2Header("user-agent", "palisade-rpc/0.1"))
        for field in options.metadata.fields { headers.append(H2Header(field.name, field.value)) }
        do {
            streamID = try session.submitRequest(headers: headers, endStream: false)
        } catch {
            finish(with: RPCError(.unavailable, "cannot open a stream: \(error)"))
            return false
        }
        self.handler = handler
        bridge.attach(LoopBound(self, loop: handler.connection.loop))
        drainOutbox()
        return true
    }

    // MARK: Outbound

    func perform(_ action: CallLoopAction) {
        switch action {
        case .drainOutbox: drainOutbox()
        case .releaseInbound:
            let n = bridge.takeUnreleasedBytes()
            if n > 0, let handler, !finished {
                handler.connection.session?.consume(streamID: streamID, count: n)
                handler.connection.flushLater()
            }
        case .cancel(let box): fail(RPCError(box.code, box.message), resetCode: 8)
        }
    }

    private func drainOutbox() {
        guard !finished, !outboundDone, streamID != 0, let handler, let session = handler.connection.session else { return }
        let (messages, done, _) = bridge.takeOutbox()
        do {
            for m in messages { try session.sendData(streamID: streamID, m) }
            if done {
                outboundDone = true
                try session.finish(streamID: streamID, trailers: nil)
            }
        } catch {
            fail(RPCError(.internalError, "cannot send on stream \(streamID): \(error)"), resetCode: 2)
            return
        }
        bridge.updateLoopQueued(session.pendingOutboundBytes(streamID: streamID))
        handler.connection.flushLater()
    }

    func outboundDrained() {
        guard let session = handler?.connection.session else { return }
        bridge.updateLoopQueued(session.pendingOutboundBytes(streamID: streamID))
    }

    // MARK: Inbound

    func receiveHeaders(_ fields: [H2Header], kind: HeaderKind, endStream: Bool) {
        var grpcStatus: String?
        var grpcMessage = ""
        var details: [String: String] = [:]
        for f in fields {
            switch f.name {
            case ":status": httpStatus = Int(f.value) ?? 0
            case "grpc-status": grpcStatus = f.value
            case "grpc-message": grpcMessage = GRPCMessageText.percentDecode(f.value)
            case ErrorDetailsText.trailer: details = ErrorDetailsText.decode(f.value)
            default: break
            }
        }
        if let grpcStatus {
            let code = Int(grpcStatus).map { StatusCode(rawValue: $0) } ?? .unknown
            complete(code == .ok ? nil : RPCError(code, grpcMessage, details: details))
        } else if kind == .response, httpStatus != 200 {
            complete(RPCError(StatusCode.fromHTTPStatus(httpStatus), "server answered HTTP \(httpStatus)"))
        } else if endStream {
            complete(RPCError(.unknown, "the server ended the stream without a grpc-status"))
        }
    }

    func receive(_ bytes: [UInt8]) {
        guard let session = handler?.connection.session else { return }
        guard !finished else {
            session.consume(streamID: streamID, count: bytes.count)
            return
        }
        do {
            let messages = try decoder.append(bytes)
            if messages.isEmpty || bridge.deliver(messages, rawBytes: bytes.count) {
                session.consume(streamID: streamID, count: bytes.count)
            }
        } catch {
            session.consume(streamID: streamID, count: bytes.count)
            fail(
                RPCError(
                    error.code == .resourceExhausted ? .resourceExhausted : .internalError,
                    "bad response from server: \(error.message)"), resetCode: 8)
        }
    }

    func receiveEnd() {
        complete(RPCError(.unknown, "the server ended the stream without a grpc-status"))
    }

    /// The stream is gone; if the call had no status yet, the reset code becomes one.
    func closed(errorCode: UInt32) {
        defer { bridge.detach() }
        guard !finished else { return }
        let error: RPCError
        switch errorCode {
        case 0: error = RPCError(.unknown, "the server closed the stream without a status")
        case 7: error = RPCError(.unavailable, "the server refused the stream (REFUSED_STREAM); safe to retry")
        case 8: error = RPCError(.cancelled, "the server cancelled the call")
        case 11: error = RPCError(.resourceExhausted, "the server asked us to calm down (ENHANCE_YOUR_CALM)")
        case 12: error = RPCError(.permissionDenied, "inadequate security (INADEQUATE_SECURITY)")
        default: error = RPCError(.internalError, "the stream was reset with HTTP/2 error \(errorCode)")
        }
        finish(with: error)
    }

    /// The connection died under the call.
    func connectionLost(_ error: RPCError) {
        guard !finished else { return }
        finish(with: error)
        bridge.detach()
    }

    // MARK: Ending

    private func complete(_ status: RPCError?) {
        guard !finished else { return }
        do {
            let last = try decoder.finish()
            if !last.isEmpty { _ = bridge.deliver(last, rawBytes: 0) }
        } catch {
            finish(with: RPCError(.internalError, "bad response from server: \(error.message)"))
            return
        }
        finish(with: status)
        // gRPC: a client that gets the status before it finished sending resets with NO_ERROR,
        // so the server does not keep a half-open stream.
        if !outboundDone, streamID != 0, let handler {
            handler.connection.session?.resetStream(streamID, errorCode: 0)
            handler.connection.flushLater()
        }
    }

    /// Ends the call locally with `error` and resets the stream with `resetCode`.
    func fail(_ error: RPCError, resetCode: UInt32) {
        guard !finished else { return }
        finish(with: error)
        if streamID != 0, let handler {
            handler.connection.session?.resetStream(streamID, errorCode: resetCode)
            handler.connection.flushLater()
        }
    }

    func finish(with status: RPCError?) {
        guard !finished else { return }
        finished = true
        if let t = deadlineTimer, let loop = handler?.connection.loop ?? loopForTimers { loop.cancelTimer(t) }
        deadlineTimer = nil
        if let status { bridge.fail(status) }
        bridge.finishInbound(status)
    }

    /// The loop the deadline timer was armed on, before a connection existed.
    var loopForTimers: EventLoop?
}
