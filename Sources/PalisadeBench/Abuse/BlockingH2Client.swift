import PalisadeHTTP2

/// A blocking, hand-driven HTTP/2 client for attacks that must read the server's answers:
/// our `H2Session` (nghttp2, which decodes HPACK) over an `AttackConnection` (which adds TLS
/// and never blocks without a timeout). Adapted from `Tests/PalisadeRPCTests/RawH2Client`.
final class BlockingH2Client {
    /// The transport underneath.
    let connection: AttackConnection
    /// The client session.
    let session: H2Session
    /// Everything the session reported so far.
    private(set) var events: [H2Event] = []

    /// One answered (or abandoned) stream.
    struct Response {
        /// The first HEADERS block (in a trailers-only answer, also the status).
        var headers: [H2Header] = []
        /// The trailing HEADERS block, if any.
        var trailers: [H2Header] = []
        /// DATA bytes received.
        var body: [UInt8] = []
        /// The stream's close code; nil when it did not close in time.
        var closeCode: UInt32?
        /// The answer was a single HEADERS with END_STREAM (gRPC "Trailers-Only").
        var trailersOnly = false

        /// `grpc-status` from the trailers, or from a trailers-only head.
        var grpcStatus: Int? {
            let field = (trailers + headers).first { $0.name == "grpc-status" }
            return field.flatMap { Int($0.value) }
        }
    }

    /// Connects (TCP, TLS when the context says so) and sends the preface.
    init(_ context: AttackContext) throws {
        connection = AttackConnection.open(context, greeting: [], keepsPlaintext: true)
        session = try H2Session(role: .client)
        guard connection.isOpen else { throw AttackFailure(connection.failure ?? "connect failed") }
        try flush()
    }

    /// Writes whatever the session has to say.
    func flush() throws {
        var out: [UInt8] = []
        try session.produceOutput(into: &out)
        if !out.isEmpty { connection.send(out) }
    }

    /// Sends a gRPC request with `body` (already framed) and `extra` headers.
    func request(path: String, tls: Bool, extra: [H2Header], body: [UInt8]) throws -> Int32 {
        let id = try session.submitRequest(
            headers: [
                H2Header(":method", "POST"), H2Header(":scheme", tls ? "https" : "http"), H2Header(":path", path),
                H2Header(":authority", "localhost"), H2Header("te", "trailers"), H2Header("content-type", "application/grpc"),
            ] + extra, endStream: false)
        try session.sendData(streamID: id, body)
        try session.finish(streamID: id, trailers: nil)
        try flush()
        return id
    }

    /// Waits up to `seconds` for stream `id` to close and collects what it got.
    func response(_ id: Int32, seconds: Double) throws -> Response {
        try pump(seconds: seconds) {
            $0.contains { if case .streamClosed(id, _) = $0 { return true } else { return false } }
        }
        var response = Response()
        var heads = 0
        for event in events {
            switch event {
            case .headers(id, let fields, .response, let endStream):
                response.headers = fields
                response.trailersOnly = endStream
                heads += 1
            case .headers(id, let fields, .trailers, _):
                response.trailers = fields
                heads += 1
            case .data(id, let bytes):
                response.body += bytes
                session.consume(streamID: id, count: bytes.count)
            case .streamClosed(id, let code):
                response.closeCode = code
            default:
                break
            }
        }
        if heads != 1 || !response.body.isEmpty { response.trailersOnly = false }
        return response
    }

    /// Feeds received bytes to the session until `done` holds, the server closes, or `seconds` pass.
    private func pump(seconds: Double, until done: ([H2Event]) -> Bool) throws {
        let end = ContinuousClock.now + .seconds(seconds)
        while !done(events), ContinuousClock.now < end {
            connection.pump(timeoutMs: 10, reading: true)
            let bytes = connection.takePlaintext()
            if !bytes.isEmpty {
                try session.receive(bytes)
                events += session.takeEvents()
                try flush()
                events += session.takeEvents()
            }
            if connection.sawEOF { break }
        }
    }
}

/// An attacker's own failure (not the server's reaction), with a message for the report.
struct AttackFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// Makes the error.
    init(_ description: String) { self.description = description }
}
