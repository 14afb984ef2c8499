internal import CNghttp2

/// One HTTP/2 connection, client or server side, with no I/O of its own ("sans-I/O").
///
/// The owner feeds received bytes to ``receive(_:)``, collects what happened with
/// ``takeEvents()`` (or ``drainEvents(_:)``), acts (submit responses, queue data, consume), and
/// writes what ``produceOutput(into:softLimit:)`` appends to its buffer. nghttp2 parses and
/// serialises; its callbacks only *record* events and read the per-stream outbound queues, and
/// never call back into the public API.
///
/// Not `Sendable`: like the `nghttp2_session` it owns, a session must be used by one thread at
/// a time (confine it to its connection's event loop).
///
/// ## Example
/// ```swift
/// let client = try H2Session(role: .client)
/// let id = try client.submitRequest(headers: [H2Header(":method", "POST"), ...], endStream: false)
/// try client.sendData(streamID: id, message)
/// try client.finish(streamID: id, trailers: nil)
/// var out: [UInt8] = []
/// try client.produceOutput(into: &out)   // write `out` to the socket
/// ```
///
/// Clients must respect ``remoteMaxConcurrentStreams`` themselves (submit only while
/// ``activeStreamCount`` is below it): nghttp2 1.52 would otherwise queue the extra requests
/// internally, and those leak when a GOAWAY arrives (CVE-2023-35945, not fixed in 1.52).
public final class H2Session {
    /// Which end of the connection this session is.
    public enum Role: Sendable {
        /// Opens streams (requests); sends the connection preface.
        case client
        /// Answers streams (responses); expects the connection preface.
        case server
    }

    /// The owned `nghttp2_session *`; deleted in `deinit`, nowhere else.
    let handle: OpaquePointer
    /// Which end this session is.
    public let role: Role
    let settings: Settings

    /// Open streams by id; the only owner of their state.
    var streams: [Int32: H2StreamState] = [:]
    /// Events recorded since the last `takeEvents`/`drainEvents`.
    var events: [H2Event] = []
    /// DATA bytes being coalesced for `pendingDataStream` (0 = none) before they become an event.
    var pendingDataStream: Int32 = 0
    var pendingData: [UInt8] = []

    /// The header block being received (HEADERS + CONTINUATION arrive contiguously, so one
    /// scratch area serves all streams without a per-field stream lookup).
    var headerBlockStream: Int32 = 0
    var headerFields: [H2Header] = []
    var headerBlockSize = 0
    var headerBlockTooLarge = false
    var headerBlockInformational = false
    /// The current block decoded past `headerAbortFactor` times the limit; the session failed.
    var headerBlockAborted = false
    /// Server: the highest request stream id opened, and the ranges of lower ids the client
    /// skipped (bounded), for RFC 9113 §5.1.1.
    var highestRequestStreamID: Int32 = 0
    var neverOpenedRequestIDs: [ClosedRange<Int32>] = []
    /// RST_STREAM frames received so far (read by rate limits above the session).
    public internal(set) var resetsReceived = 0

    /// Connection-window credit for DATA received (all of it: see `dataReceived`), applied right
    /// after nghttp2 returns rather than inside its callbacks.
    var deferredConnectionCredit = 0
    /// Reused name/value buffers for the submit calls.
    var encoder = H2HeaderEncoder()
    /// The peer sent GOAWAY: no new requests.
    var goAwayReceived = false
    /// Set by a connection-fatal failure; every later drive call throws it again.
    var terminalError: H2Error?

    /// 1 while inside `nghttp2_session_mem_recv`/`mem_send` (the only places callbacks run).
    var libraryDepth = 0
    /// Diagnostics for tests: callbacks run, and callbacks that found the session re-entered.
    var callbackCount = 0
    var reentryViolations = 0

    /// Creates the session with manual flow control, submits our SETTINGS (client: ENABLE_PUSH=0)
    /// and the connection window. A client's preface is produced by the first `produceOutput`.
    public init(role: Role, settings: Settings = .init()) throws(H2Error) {
        var callbacksPointer: OpaquePointer?
        try nghttp2Check(nghttp2_session_callbacks_new(&callbacksPointer), "nghttp2_session_callbacks_new")
        guard let callbacks = callbacksPointer else {
            throw H2Error(.noMemory, "nghttp2_session_callbacks_new", "returned no object")
        }
        // nghttp2 copies the callbacks into the session, so the table can go right after.
        defer { nghttp2_session_callbacks_del(callbacks) }
        Self.install(into: callbacks)

        var optionPointer: OpaquePointer?
        try nghttp2Check(nghttp2_option_new(&optionPointer), "nghttp2_option_new")
        guard let option = optionPointer else {
            throw H2Error(.noMemory, "nghttp2_option_new", "returned no object")
        }
        defer { nghttp2_option_del(option) }
        settings.configure(option, role: role)

        var sessionPointer: OpaquePointer?
        switch role {
        case .client:
            try nghttp2Check(
                nghttp2_session_client_new2(&sessionPointer, callbacks, nil, option), "nghttp2_session_client_new2")
        case .server:
            try nghttp2Check(
                nghttp2_session_server_new2(&sessionPointer, callbacks, nil, option), "nghttp2_session_server_new2")
        }
        guard let session = sessionPointer else {
            throw H2Error(.noMemory, "nghttp2_session_new", "returned no session")
        }
        self.handle = session
        self.role = role
        self.settings = settings
        // user_data can only point at self once self is initialised; no callback can run before
        // the first mem_recv/mem_send, so setting it now is safe. Unretained: the session is
        // owned by self and deleted in deinit, so it never outlives self.
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())

        var entries = settings.entries(role: role)
        try nghttp2Check(
            nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count),
            "nghttp2_submit_settings")
        try nghttp2Check(
            nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, settings.connectionWindowSize),
            "nghttp2_session_set_local_window_size")
    }

    deinit {
        nghttp2_session_del(handle)
    }

    // MARK: Driving

    /// Feeds received bytes to nghttp2 (`nghttp2_session_mem_recv`). Events are appended to the
    /// internal list. Throws connection-fatal errors (bad client magic, flooding, ...); protocol
    /// errors that nghttp2 answers with GOAWAY do not throw but make `wantsRead` false.
    public func receive(_ bytes: UnsafeRawBufferPointer) throws(H2Error) {
        if let terminalError { throw terminalError }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        libraryDepth += 1
        let processed = nghttp2_session_mem_recv(handle, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        libraryDepth -= 1
        flushPendingData()
        applyDeferredCredit()
        if processed < 0 {
            let error =
                headerBlockAborted
                ? H2Error(
                    .flooded, "nghttp2_session_mem_recv",
                    "a header block decoded past \(Self.headerAbortFactor) x the \(settings.maxHeaderListSize)-byte limit")
                : H2Error(nghttp2: Int32(truncatingIfNeeded: processed), "nghttp2_session_mem_recv")
            terminalError = error
            throw error
        }
    }

    /// After a connection-fatal error (nghttp2 can no longer send anything itself): the bytes of
    /// a GOAWAY frame to write before closing, so the peer learns why — ENHANCE_YOUR_CALM for
    /// floods and header bombs, PROTOCOL_ERROR for protocol violations, INTERNAL_ERROR
    /// otherwise. Nil while the session is healthy. A server that has not yet seen the client
    /// preface sends it too (RFC 9113 §3.4: a bad preface is a PROTOCOL_ERROR).
    public var terminalGoAwayFrame: [UInt8]? {
        guard let terminalError else { return nil }
        let code: UInt32
        switch terminalError.code {
        case .flooded: code = NGHTTP2_ENHANCE_YOUR_CALM.rawValue
        case .protocolError, .badClientMagic: code = NGHTTP2_PROTOCOL_ERROR.rawValue
        default: code = NGHTTP2_INTERNAL_ERROR.rawValue
        }
        return H2Session.goAwayFrame(lastStreamID: nghttp2_session_get_last_proc_stream_id(handle), errorCode: code)
    }

    /// A GOAWAY frame (RFC 9113 §6.8): 9-byte header with an 8-byte payload on stream 0.
    static func goAwayFrame(lastStreamID: Int32, errorCode: UInt32) -> [UInt8] {
        var frame: [UInt8] = [0, 0, 8, 0x07, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: UInt32(bitPattern: lastStreamID & 0x7fff_ffff).bigEndian) { frame.append(contentsOf: $0) }
        withUnsafeBytes(of: errorCode.bigEndian) { frame.append(contentsOf: $0) }
        return frame
    }

    /// Convenience for `receive(_:)` with an array.
    public func receive(_ bytes: [UInt8]) throws(H2Error) {
        // Array.withUnsafeBytes only rethrows untyped errors: carry the typed one out by hand.
        var failure: H2Error?
        bytes.withUnsafeBytes { raw in
            do throws(H2Error) { try receive(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Serialises pending frames (`nghttp2_session_mem_send`, looped) and APPENDS them to
    /// `buffer` until nghttp2 has nothing more or `buffer.count >= softLimit`. Each chunk is
    /// copied at once, because its pointer is only valid until the next `mem_send`; appending
    /// into one buffer coalesces nghttp2's tiny chunks into one write. Reuse `buffer` (clear it
    /// with `removeAll(keepingCapacity: true)` after writing) to avoid reallocations.
    public func produceOutput(into buffer: inout [UInt8], softLimit: Int = 64 << 10) throws(H2Error) {
        if let terminalError { throw terminalError }
        assert(libraryDepth == 0, "H2Session re-entered from inside an nghttp2 callback")
        defer { flushPendingData() }
        while buffer.count < softLimit {
            // Credit from streams closed during the previous mem_send goes out in this batch.
            applyDeferredCredit()
            var chunk: UnsafePointer<UInt8>?
            libraryDepth += 1
            let length = nghttp2_session_mem_send(handle, &chunk)
            libraryDepth -= 1
            if length < 0 {
                let error = H2Error(nghttp2: Int32(truncatingIfNeeded: length), "nghttp2_session_mem_send")
                terminalError = error
                throw error
            }
            guard length > 0, let chunk else {
                if deferredConnectionCredit > 0 { continue }
                break
            }
            buffer.append(contentsOf: UnsafeBufferPointer(start: chunk, count: length))
        }
    }

    /// nghttp2 still expects input (`nghttp2_session_want_read`). False after a fatal error.
    public var wantsRead: Bool {
        terminalError == nil && nghttp2_session_want_read(handle) != 0
    }

    /// nghttp2 has frames to send (`nghttp2_session_want_write`). Our own output buffer is not
    /// included: flush it before closing. False after a fatal error.
    public var wantsWrite: Bool {
        terminalError == nil && nghttp2_session_want_write(handle) != 0
    }

    // MARK: Events

    /// Hands over the recorded events (in order) and clears the list, including events produced
    /// during `produceOutput` (`outboundDrained`, `streamClosed` after a local reset).
    public func takeEvents() -> [H2Event] {
        flushPendingData()
        let taken = events
        events = []
        return taken
    }

    /// Calls `body` with each recorded event in order and clears the list, reusing the list's
    /// storage for the next batch (`takeEvents` hands its storage away, so the next batch has to
    /// allocate anew). `body` may call any method of this session; events recorded meanwhile are
    /// delivered by the next drain.
    public func drainEvents<E: Error>(_ body: (H2Event) throws(E) -> Void) throws(E) {
        flushPendingData()
        var batch: [H2Event] = []
        swap(&batch, &events)
        defer {
            batch.removeAll(keepingCapacity: true)
            if events.isEmpty { swap(&batch, &events) }
        }
        for event in batch {
            try body(event)
        }
    }

    // MARK: Queries

    /// The peer's SETTINGS_MAX_CONCURRENT_STREAMS (`nghttp2_session_get_remote_settings`);
    /// `Settings.assumedPeerMaxConcurrentStreams` until its SETTINGS arrive.
    public var remoteMaxConcurrentStreams: UInt32 {
        nghttp2_session_get_remote_settings(handle, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS)
    }

    /// Streams opened (client: submitted) and not yet closed, by our own count.
    public var activeStreamCount: Int { streams.count }

    /// Whether the stream is open (client: submitted) and not yet closed.
    public func isStreamOpen(_ streamID: Int32) -> Bool { streams[streamID] != nil }

    // MARK: Recording (used by the callbacks)

    /// Appends an event, after any DATA still being coalesced so the order is kept.
    @inline(__always)
    func record(_ event: H2Event) {
        if pendingDataStream != 0 { flushPendingData() }
        events.append(event)
    }

    /// Adds received DATA bytes, merging consecutive chunks of one stream into one event.
    func recordData(streamID: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        if pendingDataStream != streamID {
            if pendingDataStream != 0 { flushPendingData() }
            pendingDataStream = streamID
        }
        pendingData.append(contentsOf: bytes)
    }

    func flushPendingData() {
        guard pendingDataStream != 0 else { return }
        let bytes = pendingData
        pendingData = []  // `bytes` is now the only reference: no copy
        events.append(.data(streamID: pendingDataStream, bytes: bytes))
        pendingDataStream = 0
    }

    /// Returns window for DATA nobody will consume. `nghttp2_session_consume_connection` only
    /// fails for NOMEM or with auto window update on (never here); either way there is nothing
    /// better to do than to go on.
    func applyDeferredCredit() {
        guard deferredConnectionCredit > 0 else { return }
        _ = nghttp2_session_consume_connection(handle, deferredConnectionCredit)
        deferredConnectionCredit = 0
    }
}
