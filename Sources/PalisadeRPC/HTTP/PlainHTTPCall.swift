import PalisadeHTTP2

/// The loop side of one plain HTTP request (an HTTP/2 stream that is not an RPC, or an HTTP/1.1
/// request), served by the server's `HTTPRequestHandler`: the same handler answers both versions.
///
/// The body is collected up to the server's maximum message size (larger ones get 413 before
/// more is buffered), the handler runs as a task, and its response is written back on the
/// connection's loop: on HTTP/2 with the session's flow control, on HTTP/1.1 through the
/// connection handler, which frames it and keeps answers in request order.
final class PlainHTTPCall {
    /// Which protocol carries the request.
    enum Transport {
        /// An HTTP/2 stream.
        case h2(streamID: Int32)
        /// The current HTTP/1.1 request; `headOnly` for HEAD (the length is stated, no body sent).
        case http1(headOnly: Bool)
    }

    let transport: Transport
    private unowned let owner: ServerConnectionHandler
    private let handler: HTTPRequestHandler
    private let method: String
    private let target: String
    private let headers: [(name: String, value: String)]
    private let maxBodySize: Int
    private var body: [UInt8] = []
    private var task: Task<Void, Never>?
    private var finished = false
    /// A broken transfer was asked for: reset the stream once the partial body has drained.
    private var abortPending = false

    init(
        transport: Transport, method: String, target: String, headers: [(name: String, value: String)],
        handler: @escaping HTTPRequestHandler, maxBodySize: Int, owner: ServerConnectionHandler
    ) {
        self.transport = transport
        self.owner = owner
        self.handler = handler
        self.maxBodySize = maxBodySize
        self.method = method
        self.target = target
        self.headers = headers
    }

    /// A call for an HTTP/2 stream, from its header block.
    convenience init(
        streamID: Int32, fields: [H2Header], handler: @escaping HTTPRequestHandler, maxBodySize: Int,
        owner: ServerConnectionHandler
    ) {
        var method = "", target = ""
        var headers: [(name: String, value: String)] = []
        for field in fields {
            switch field.name {
            case ":method": method = field.value
            case ":path": target = field.value
            // HTTP/2's :authority is HTTP/1.1's Host (RFC 9113 §8.3.1): handlers that build
            // absolute links to themselves read `host` whichever version the client spoke.
            case ":authority": headers.append(("host", field.value))
            default:
                if field.name.utf8.first != UInt8(ascii: ":") { headers.append((field.name, field.value)) }
            }
        }
        self.init(
            transport: .h2(streamID: streamID), method: method, target: target, headers: headers, handler: handler,
            maxBodySize: maxBodySize, owner: owner)
    }

    private var session: H2Session? { owner.connection.session }

    func receive(_ bytes: [UInt8]) {
        if case .h2(let streamID) = transport { session?.consume(streamID: streamID, count: bytes.count) }
        guard !finished else { return }
        guard body.count + bytes.count <= maxBodySize else {
            refuse(413, "request body exceeds \(maxBodySize) bytes")
            return
        }
        // The body counts against the connection's unfinished input, like an RPC's message.
        guard owner.holdInbound(bytes.count) else {
            _ = owner.holdInbound(-bytes.count)
            refuse(503, "too much request data in progress on this connection")
            return
        }
        body.append(contentsOf: bytes)
    }

    /// Answers `status` with `reason` as a line of text before the body is whole, dropping it.
    private func refuse(_ status: Int, _ reason: String) {
        releaseBody()
        respond(HTTPServerResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array("\(reason)\n".utf8)))
    }

    /// Drops the body collected so far and gives its bytes back to the connection.
    private func releaseBody() {
        _ = owner.holdInbound(-body.count)
        body = []
    }

    func receiveEnd() {
        guard !finished, task == nil else { return }
        let request = HTTPServerRequest(
            method: method, target: target, headers: headers, body: body,
            peer: owner.connection.peerIdentity, remoteAddress: "\(owner.connection.peer)")
        releaseBody()
        let handler = self.handler
        let back = LoopBound(self, loop: owner.connection.loop)
        task = Task(executorPreference: owner.handlerExecutor) {
            let response = await handler(request)
            guard !Task.isCancelled else { return }
            back.loop.execute { back.value.respond(response) }
        }
    }

    /// Writes the response: headers, then the body (or part of it, then a reset, when the
    /// response asks for a broken transfer).
    private func respond(_ response: HTTPServerResponse) {
        guard !finished else { return }
        switch transport {
        case .http1(let headOnly):
            finished = true
            owner.sendHTTP1(response, headOnly: headOnly)
        case .h2(let streamID):
            respond(response, streamID: streamID)
        }
    }

    private func respond(_ response: HTTPServerResponse, streamID: Int32) {
        guard let session else { return }
        finished = true
        var fields = [H2Header(":status", String(response.status))]
        for (name, value) in response.headers {
            let lower = name.lowercased()
            // The length is the server's to state (it knows when a transfer is cut short).
            if lower != "content-length" { fields.append(H2Header(lower, value)) }
        }
        var payload = response.body[...]
        if let cut = response.abortAfterBytes { payload = payload.prefix(max(0, cut)) }
        // HEAD: the length a GET would get, no body (RFC 9110 §9.3.2).
        if method == "HEAD" { payload = [] }
        if response.abortAfterBytes == nil {
            fields.append(H2Header("content-length", String(response.body.count)))
        }
        do {
            try session.submitResponse(streamID: streamID, headers: fields, endStream: false)
            if !payload.isEmpty { try session.sendData(streamID: streamID, payload) }
            if response.abortAfterBytes != nil {
                // Let the partial body go out first; the reset follows once it has drained.
                abortPending = true
                if session.pendingOutboundBytes(streamID: streamID) == 0 {
                    abortNow()
                } else {
                    session.reportWhenDrained(streamID: streamID)
                }
            } else {
                try session.finish(streamID: streamID, trailers: nil)
            }
        } catch {
            session.resetStream(streamID, errorCode: 2)
        }
        owner.connection.flushLater()
    }

    /// nghttp2 took every queued byte of the stream.
    func outboundDrained() {
        if abortPending { abortNow() }
    }

    private func abortNow() {
        abortPending = false
        guard case .h2(let streamID) = transport else { return }
        session?.resetStream(streamID, errorCode: 2)
        owner.connection.flushLater()
    }

    /// The stream is gone: a handler still running has nobody to answer.
    func closed() {
        releaseBody()
        finished = true
        task?.cancel()
    }
}
