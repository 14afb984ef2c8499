internal import CNghttp2

extension H2Session {
    // MARK: Client

    /// Starts a request and returns its stream id. `endStream: true` sends HEADERS with
    /// END_STREAM (no body). Otherwise a data provider reads this stream's outbound queue (see
    /// `sendData` and ``finish(streamID:trailers:)``).
    ///
    /// The caller must keep ``activeStreamCount`` below ``remoteMaxConcurrentStreams``; nghttp2
    /// would otherwise queue the request internally (see the type documentation).
    /// Throws `.goingAway` after a GOAWAY, `.streamIDsExhausted` when ids run out.
    public func submitRequest(headers: [H2Header], endStream: Bool) throws(H2Error) -> Int32 {
        try checkUsable("nghttp2_submit_request")
        guard role == .client else {
            throw H2Error(.invalidState, "nghttp2_submit_request", "only a client session sends requests")
        }
        // Refuse here instead of letting nghttp2 queue a request that can never start.
        guard !goAwayReceived, nghttp2_session_check_request_allowed(handle) != 0 else {
            throw H2Error(.goingAway, "nghttp2_session_check_request_allowed", "GOAWAY exchanged or stream ids exhausted")
        }
        var provider = makeDataProvider()
        let handle = self.handle
        let streamID = encoder.withNameValues(headers) { nva, count in
            endStream
                ? nghttp2_submit_request(handle, nil, nva, count, nil, nil)
                : nghttp2_submit_request(handle, nil, nva, count, &provider, nil)
        }
        try nghttp2Check(streamID, "nghttp2_submit_request")
        let state = H2StreamState(id: streamID)
        state.noBody = endStream
        streams[streamID] = state
        return streamID
    }

    // MARK: Server

    /// Responds on a stream whose request arrived. `endStream: true` sends a single HEADERS
    /// with END_STREAM (gRPC "Trailers-Only"). Otherwise a data provider reads this stream's
    /// outbound queue; bytes queued before this call are sent after the HEADERS.
    public func submitResponse(streamID: Int32, headers: [H2Header], endStream: Bool) throws(H2Error) {
        try checkUsable("nghttp2_submit_response")
        guard role == .server else {
            throw H2Error(.invalidState, "nghttp2_submit_response", "only a server session sends responses")
        }
        let state = try openStream(streamID, "nghttp2_submit_response")
        guard !state.responded else {
            throw H2Error(.invalidState, "nghttp2_submit_response", "stream \(streamID) already has a response")
        }
        if endStream, !state.outbound.isEmpty {
            throw H2Error(.invalidState, "nghttp2_submit_response", "END_STREAM with data queued on stream \(streamID)")
        }
        var provider = makeDataProvider()
        let handle = self.handle
        let rc = encoder.withNameValues(headers) { nva, count in
            endStream
                ? nghttp2_submit_response(handle, streamID, nva, count, nil)
                : nghttp2_submit_response(handle, streamID, nva, count, &provider)
        }
        try nghttp2Check(rc, "nghttp2_submit_response")
        state.responded = true
        state.noBody = endStream
    }

    // MARK: Both sides

    /// Appends bytes to the stream's outbound queue and resumes its data provider if it was
    /// deferred. Bytes leave as HTTP/2 flow control allows; watch ``pendingOutboundBytes(streamID:)``
    /// and `.outboundDrained` for back-pressure.
    public func sendData(streamID: Int32, _ bytes: UnsafeRawBufferPointer) throws(H2Error) {
        try checkUsable("nghttp2_session_resume_data")
        let state = try openStream(streamID, "nghttp2_session_resume_data")
        guard !state.finished, !state.noBody else {
            throw H2Error(.invalidState, "nghttp2_session_resume_data", "stream \(streamID) takes no more data")
        }
        guard !bytes.isEmpty else { return }
        state.outbound.append(bytes)
        try resumeIfDeferred(state)
    }

    /// `sendData` for an array (the common case; no generic dispatch).
    public func sendData(streamID: Int32, _ bytes: [UInt8]) throws(H2Error) {
        // Array.withUnsafeBytes only rethrows untyped errors: carry the typed one out by hand.
        var failure: H2Error?
        bytes.withUnsafeBytes { raw in
            do throws(H2Error) { try sendData(streamID: streamID, raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `sendData` for any byte collection; contiguous ones are copied once, others twice.
    public func sendData(streamID: Int32, _ bytes: some Collection<UInt8>) throws(H2Error) {
        var failure: H2Error?
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(H2Error) {
                try sendData(streamID: streamID, UnsafeRawBufferPointer(buffer))
            } catch {
                failure = error
            }
        }
        if done == nil { try sendData(streamID: streamID, Array(bytes)) }
        if let failure { throw failure }
    }

    /// No more data after what is queued. When the queue drains, the read callback sets EOF;
    /// with non-empty `trailers` it sets EOF|NO_END_STREAM and submits them, so the trailers
    /// HEADERS carries END_STREAM and the last DATA does not. Empty trailers count as `nil`.
    public func finish(streamID: Int32, trailers: [H2Header]?) throws(H2Error) {
        try checkUsable("nghttp2_session_resume_data")
        let state = try openStream(streamID, "nghttp2_session_resume_data")
        guard !state.finished, !state.noBody else {
            throw H2Error(.invalidState, "nghttp2_session_resume_data", "stream \(streamID) is already finished")
        }
        state.finished = true
        state.trailers = trailers?.isEmpty == false ? trailers : nil
        try resumeIfDeferred(state)
    }

    /// Asks for one `.outboundDrained` when the stream's queued bytes have all been taken by
    /// nghttp2, even when they never reached the low-water mark (a response cut short after its
    /// partial body: the reset waits for the body to go out). No event when nothing is queued:
    /// check ``pendingOutboundBytes(streamID:)`` first.
    public func reportWhenDrained(streamID: Int32) {
        streams[streamID]?.reportWhenEmpty = true
    }

    /// Bytes queued for the stream but not yet handed to nghttp2 (0 for unknown streams).
    public func pendingOutboundBytes(streamID: Int32) -> Int {
        streams[streamID]?.outbound.count ?? 0
    }

    /// Tells nghttp2 the application has taken `count` DATA bytes of the stream
    /// (`nghttp2_session_consume_stream`), so the stream's WINDOW_UPDATE goes out: flow control
    /// as back-pressure, per stream. (The connection's window is returned as DATA arrives.)
    /// Counts above what was delivered are clamped; closed streams are a no-op.
    public func consume(streamID: Int32, count: Int) {
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        guard count > 0, let state = streams[streamID] else { return }
        let credited = min(count, state.unconsumedInbound)
        guard credited > 0 else { return }
        state.unconsumedInbound -= credited
        // Fails only for stream 0 (impossible here) or NOMEM; nothing better to do than go on.
        _ = nghttp2_session_consume_stream(handle, streamID, credited)
    }

    /// Sends RST_STREAM with `errorCode` (8 = CANCEL) and drops the queued outbound bytes.
    /// `.streamClosed` follows from the next `produceOutput`. No-op for closed streams.
    public func resetStream(_ streamID: Int32, errorCode: UInt32) {
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        guard let state = streams[streamID], state.localResetCode == nil else { return }
        state.localResetCode = errorCode
        state.outbound = H2OutboundQueue()
        state.finished = true
        // Fails only for stream id 0 or NOMEM.
        _ = nghttp2_submit_rst_stream(handle, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode)
    }

    /// Sends PING with `opaque`; the peer's answer arrives as `.pingAck(opaque:)`.
    public func ping(opaque: UInt64) throws(H2Error) {
        try checkUsable("nghttp2_submit_ping")
        let rc = withUnsafeBytes(of: opaque.bigEndian) { raw in
            nghttp2_submit_ping(
                handle, UInt8(NGHTTP2_FLAG_NONE.rawValue), raw.baseAddress?.assumingMemoryBound(to: UInt8.self))
        }
        try nghttp2Check(rc, "nghttp2_submit_ping")
    }

    /// Server: GOAWAY with the maximum stream id, the graceful first step of a shutdown (the
    /// client stops opening streams; in-flight ones finish). Follow with `goAway(errorCode:)`.
    /// No-op on a client (nghttp2 defines the notice for servers only).
    public func shutdownNotice() {
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        guard role == .server, terminalError == nil else { return }
        // Fails only for a client session or NOMEM.
        _ = nghttp2_submit_shutdown_notice(handle)
    }

    /// The final GOAWAY, naming the last stream id we processed; once it is sent and the open
    /// streams are done, `wantsRead` and `wantsWrite` turn false.
    public func goAway(errorCode: UInt32) throws(H2Error) {
        try checkUsable("nghttp2_submit_goaway")
        let lastStreamID = nghttp2_session_get_last_proc_stream_id(handle)
        try nghttp2Check(
            nghttp2_submit_goaway(handle, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID, errorCode, nil, 0),
            "nghttp2_submit_goaway")
    }

    // MARK: Helpers

    func checkUsable(_ function: StaticString) throws(H2Error) {
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        if let terminalError {
            throw H2Error(.sessionFailed, function, "session already failed: \(terminalError.message)")
        }
    }

    func openStream(_ streamID: Int32, _ function: StaticString) throws(H2Error) -> H2StreamState {
        guard let state = streams[streamID] else {
            throw H2Error(.unknownStream, function, "stream \(streamID) is not open")
        }
        return state
    }

    /// Puts a deferred provider back into nghttp2's send queue.
    func resumeIfDeferred(_ state: H2StreamState) throws(H2Error) {
        guard state.deferred else { return }
        state.deferred = false
        let rc = nghttp2_session_resume_data(handle, state.id)
        // INVALID_ARGUMENT means nothing is deferred (any more): nothing to resume.
        if rc != NGHTTP2_ERR_INVALID_ARGUMENT.rawValue {
            try nghttp2Check(rc, "nghttp2_session_resume_data")
        }
    }
}
