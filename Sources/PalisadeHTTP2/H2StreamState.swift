/// What the session keeps per open stream: the outbound queue and the facts the callbacks need.
///
/// A class so that the table lookup yields a reference that the callbacks mutate in place.
/// Created by `submitRequest` (client) or the first request HEADERS (server); dropped on
/// `on_stream_close`, or when a request HEADERS could never be sent.
final class H2StreamState {
    let id: Int32
    /// Bytes the application queued and nghttp2 has not read yet.
    var outbound = H2OutboundQueue()
    /// `finish` was called: EOF once `outbound` drains.
    var finished = false
    /// Trailers to submit when `outbound` drains after `finish`.
    var trailers: [H2Header]?
    /// Our HEADERS carried END_STREAM: no data provider, no data.
    var noBody = false
    /// Server: `submitResponse` was called.
    var responded = false
    /// The application asked to hear when `outbound` is empty (`reportWhenDrained`), however
    /// little it held: the low-water event alone never comes for a queue that starts below it.
    var reportWhenEmpty = false
    /// Our read callback returned `NGHTTP2_ERR_DEFERRED`; `nghttp2_session_resume_data` is due
    /// when data or `finish` arrives.
    var deferred = false
    /// Client: a final (non-1xx) response header block arrived, so later blocks are trailers.
    var sawFinalHeaders = false
    /// DATA bytes reported to the application and not yet consumed (stream-level credit held).
    var unconsumedInbound = 0
    /// The error code of our own `resetStream`, reported if the stream never got on the wire.
    var localResetCode: UInt32?

    init(id: Int32) {
        self.id = id
    }
}
