import Logging
import PalisadeHTTP1

/// HTTP/1.1 requests on a server connection: the plain HTTP handler answers them (the same one
/// that answers plain HTTP/2 requests); RPC methods are HTTP/2-only and get 505.
///
/// One request is answered at a time, in order: the next is read only once the previous answer
/// has gone out, so a client that pipelines without reading holds one answer here, not many.
/// Timeouts: a request's head must arrive within `firstRequestTimeout` of its first byte, and its
/// body within `idleTimeout` of the head (408 and close otherwise); between requests the
/// connection's idle timeout applies, as on HTTP/2.
extension ServerConnectionHandler {
    func connection(_ connection: Connection, receivedHTTP1 events: [H1Event]) {
        for event in events {
            guard connection.state == .active, !connection.closeAfterHTTP1Output else { return }
            switch event {
            case .requestBegan:
                http1RequestEnded = false
                armRequestTimer(after: core.configuration.firstRequestTimeout)
            case .head(let head):
                beginRequest(head)
            case .body(let bytes):
                http1Call?.receive(bytes)
            case .end:
                http1RequestEnded = true
                cancelRequestTimer()
                http1Call?.receiveEnd()
            case .failed(let error):
                cancelRequestTimer()
                core.logger.debug(
                    "refusing a malformed HTTP/1.1 request",
                    metadata: ["peer": "\(connection.peer)", "status": "\(error.status)", "reason": "\(error.message)"])
                refuse(error.status, error.message)
            }
        }
        connection.flushLater()
    }

    private func beginRequest(_ head: H1RequestHead) {
        let target = head.originFormTarget
        let path = target.prefix { $0 != "?" }
        guard let handler = core.configuration.httpHandler, core.routes[String(path)] == nil else {
            cancelRequestTimer()
            let what = core.routes[String(path)] != nil ? "\(path) is an RPC method" : "this server answers RPC calls only"
            refuse(505, "\(what), served over HTTP/2 only: call it with an HTTP/2 client")
            return
        }
        if activeCalls == 0 { activity.busy() }
        // The body (if any) has the idle timeout to arrive.
        armRequestTimer(after: core.configuration.idleTimeout)
        if head.expectsContinue { connection.sendHTTP1(H1Response.continueHead) }
        http1Call = PlainHTTPCall(
            transport: .http1(headOnly: head.method == "HEAD"), method: head.method, target: target,
            headers: head.headers.map { ($0.name, $0.value) }, handler: handler,
            maxBodySize: core.configuration.maxMessageSize, owner: self)
        http1KeepAlive = head.keepAlive
    }

    /// Frames and queues the answer to the current request (called by its `PlainHTTPCall`).
    /// The connection closes after it when the client asked, the server is draining, the
    /// request was not read to its end (refused early), or the handler asked for a broken
    /// transfer (`abortAfterBytes`: the body stops short of its stated length).
    func sendHTTP1(_ response: HTTPServerResponse, headOnly: Bool) {
        let close = !http1KeepAlive || draining || !http1RequestEnded || response.abortAfterBytes != nil
        let head = H1Response.head(
            status: response.status, headers: response.headers, contentLength: response.body.count, close: close)
        connection.sendHTTP1(head)
        if !headOnly {
            let cut = response.abortAfterBytes.map { max(0, min($0, response.body.count)) } ?? response.body.count
            connection.sendHTTP1(Array(response.body.prefix(cut)))
        }
        http1AnswerQueued = true
        if close {
            cancelRequestTimer()
            connection.closeAfterHTTP1Sent()
        }
        connection.flushLater()
    }

    func connectionSentHTTP1Output(_ connection: Connection) {
        guard http1AnswerQueued, !connection.closeAfterHTTP1Output else { return }
        http1AnswerQueued = false
        http1Call = nil
        becameIdle()
        connection.resumeHTTP1()
    }

    func connectionHTTP1InputEnded(_ connection: Connection) {
        // A complete request still being answered gets its answer, then the connection closes;
        // otherwise (between requests, or half a request) there is nothing left to answer.
        guard http1Call != nil, http1RequestEnded else {
            connection.close(nil)
            return
        }
        http1KeepAlive = false
        if http1AnswerQueued { connection.closeAfterHTTP1Sent() }
    }

    /// Answers `status` with `message` and closes: the request cannot be served and its framing
    /// (or the rest of its body) cannot be trusted or is not worth reading.
    private func refuse(_ status: Int, _ message: String) {
        http1Call?.closed()
        http1Call = nil
        let body = Array("\(message)\n".utf8)
        let head = H1Response.head(
            status: status, headers: [("content-type", "text/plain; charset=utf-8")], contentLength: body.count, close: true)
        connection.sendHTTP1(head + body)
        connection.closeAfterHTTP1Sent()
    }

    /// Sets the current request's deadline. One timer per connection, not one per request
    /// (`CoalescedTimer`): a client pipelining thousands of requests a second would otherwise
    /// fill the loop's timer heap with cancelled entries.
    private func armRequestTimer(after timeout: Duration) {
        let deadline = MonotonicClock.after(timeout)
        http1RequestDeadline = deadline
        scheduleRequestTimer(at: deadline)
    }

    private func scheduleRequestTimer(at deadline: UInt64) {
        http1RequestTimer.arm(at: deadline, on: connection.loop) { [weak self] in self?.requestTimerFired() }
    }

    private func requestTimerFired() {
        http1RequestTimer.fired()
        guard let deadline = http1RequestDeadline, !http1RequestEnded, connection.state == .active else { return }
        guard MonotonicClock.now >= deadline else {
            scheduleRequestTimer(at: deadline)
            return
        }
        http1RequestDeadline = nil
        core.logger.debug("closing an HTTP/1.1 request that did not arrive in time", metadata: ["peer": "\(connection.peer)"])
        refuse(408, "the request did not arrive in time")
        connection.flushLater()
    }

    /// The request arrived (or is refused): no deadline; a pending timer finds none and stops.
    private func cancelRequestTimer() {
        http1RequestDeadline = nil
    }
}
