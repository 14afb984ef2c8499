/// Which part of an exchange a received HEADERS block is.
public enum HeaderKind: Sendable, Hashable {
    /// The first header block of a stream, received by a server.
    case request
    /// The first final (non-1xx) header block of a stream, received by a client.
    case response
    /// A header block after the first one: trailers (gRPC puts `grpc-status` here).
    case trailers
}

/// Something the peer did, recorded while nghttp2 parsed input or serialised output.
///
/// Callbacks only record these; the owner of the session acts on them after `receive` or
/// `produceOutput` returns (see ``H2Session/takeEvents()`` and ``H2Session/drainEvents(_:)``).
/// Stream ids in events may refer to streams the session user never saw (for example a stream
/// nghttp2 reset during its header block); treat unknown ids as no-ops.
public enum H2Event: Sendable {
    /// A HEADERS block finished (all fields). For a server: `.request` on the first block,
    /// `.trailers` on a later one. For a client: `.response` then `.trailers` (1xx informational
    /// blocks are not reported). `endStream` is the END_STREAM flag of that HEADERS frame.
    case headers(streamID: Int32, fields: [H2Header], kind: HeaderKind, endStream: Bool)
    /// DATA payload bytes for a stream (copied out of the receive buffer; consecutive chunks of
    /// one stream received in a single `receive` call are coalesced). The connection's window
    /// is returned at once; the stream's is not: call ``H2Session/consume(streamID:count:)``
    /// once the bytes are taken.
    case data(streamID: Int32, bytes: [UInt8])
    /// The peer half-closed the stream with END_STREAM on a DATA frame (END_STREAM on HEADERS is
    /// reported via `headers.endStream` instead, never twice). Also reported after
    /// `headersTooLarge` when the oversized HEADERS frame carried END_STREAM.
    case endStream(streamID: Int32)
    /// The stream is gone (nghttp2's `on_stream_close`, or a request that could never be sent),
    /// with the HTTP/2 error code (0 = NO_ERROR, 7 = REFUSED_STREAM, 8 = CANCEL, ...).
    case streamClosed(streamID: Int32, errorCode: UInt32)
    /// A stream's header block exceeded `Settings.maxHeaderListSize` (name + value + 32 per
    /// field). The rest of that block is ignored and no `.headers` is reported for it; the session
    /// user decides how to answer (e.g. a 431 or `resetStream`).
    case headersTooLarge(streamID: Int32)
    /// The outbound queue of this stream fell to `Settings.outboundLowWater` bytes or fewer
    /// after having held more, and the stream is not finished: wake a producer that waits for
    /// back-pressure to ease.
    case outboundDrained(streamID: Int32)
    /// The peer sent GOAWAY: streams above `lastStreamID` were not processed and may be retried.
    case goAway(lastStreamID: Int32, errorCode: UInt32)
    /// The peer answered our PING carrying `opaque`.
    case pingAck(opaque: UInt64)
    /// A (non-ACK) SETTINGS frame from the peer was applied, e.g. a new max concurrent streams.
    case remoteSettingsChanged
}
