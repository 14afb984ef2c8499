import Glibc
import PalisadeHTTP2
import PalisadeTestSupport

/// A blocking, hand-driven HTTP/2 client for tests that need to misbehave or look at raw
/// responses (JSON mapping, truncated messages, garbage).
final class RawH2Client {
    let fd: Int32
    let session: H2Session
    private(set) var events: [H2Event] = []
    private(set) var closedByServer = false
    /// Frames read by `readFrames`, and the bytes of a frame not yet complete.
    private(set) var rawFrames: [RawFrames.Frame] = []
    private var rawInput: [UInt8] = []

    init(port: Int, preface: Bool = true) throws {
        fd = try LoopbackSocket.connect(port: port)
        session = try H2Session(role: .client)
        if preface { try flush() }
    }

    deinit { close(fd) }

    /// Writes bytes as they are, outside HTTP/2.
    func writeRaw(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Writes everything the session will send now (as much DATA as the peer's windows allow).
    func flush() throws {
        var out: [UInt8] = []
        repeat {
            out.removeAll(keepingCapacity: true)
            try session.produceOutput(into: &out)
            if !out.isEmpty { writeRaw(out) }
        } while !out.isEmpty
    }

    /// Sends a request with `body` (already framed as the test wants).
    func request(path: String, contentType: String, body: [UInt8], extra: [H2Header] = []) throws -> Int32 {
        let id = try session.submitRequest(
            headers: [
                H2Header(":method", "POST"), H2Header(":scheme", "http"), H2Header(":path", path),
                H2Header(":authority", "localhost"), H2Header("te", "trailers"), H2Header("content-type", contentType),
            ] + extra, endStream: false)
        try session.sendData(streamID: id, body)
        try session.finish(streamID: id, trailers: nil)
        try flush()
        return id
    }

    /// Reads and processes input until `stop` holds, the server closes, or `seconds` pass.
    func pump(seconds: Double = 5, until stop: () -> Bool) throws {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while !stop(), ContinuousClock.now < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 20) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 {
                closedByServer = true
                return
            }
            try buffer.withUnsafeBytes { try session.receive(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            events += session.takeEvents()
            try flush()
            events += session.takeEvents()
        }
    }

    /// Waits for the stream to close; returns its headers, body bytes and trailers.
    func response(_ id: Int32) throws -> (headers: [H2Header], body: [UInt8], trailers: [H2Header]) {
        try pump { events.contains { if case .streamClosed(id, _) = $0 { return true } else { return false } } }
        var headers: [H2Header] = [], body: [UInt8] = [], trailers: [H2Header] = []
        for event in events {
            switch event {
            case .headers(id, let fields, .response, _): headers = fields
            case .headers(id, let fields, .trailers, _): trailers = fields
            case .data(id, let bytes):
                body += bytes
                session.consume(streamID: id, count: bytes.count)
            default: break
            }
        }
        return (headers, body, trailers)
    }

    /// Waits until the server closes the connection (true) or `seconds` pass (false).
    func waitForClose(seconds: Double = 5) -> Bool {
        do {
            try pump(seconds: seconds) { closedByServer }
        } catch {
            return true  // the server's answer was not valid HTTP/2 either: it gave up on us
        }
        return closedByServer
    }
}

extension RawH2Client {
    /// Writes `bytes` without ever blocking for long: gives up when the socket has taken nothing
    /// for `seconds` (the server stopped reading) or it failed. True when all were written.
    func writeAll(_ bytes: [UInt8], seconds: Double = 2) -> Bool {
        var offset = 0
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while offset < bytes.count, ContinuousClock.now < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&pfd, 1, 20) > 0 else { continue }
            let n = bytes.withUnsafeBytes { all in
                send(fd, all.baseAddress! + offset, all.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                offset += n
            } else if n < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
                return false
            }
        }
        return offset == bytes.count
    }

    /// Reads frames off the socket as they are, bypassing the session (whose HPACK state hand-made
    /// frames would not match), until `stop` holds for what was read, the server closes, or
    /// `seconds` pass. Returns every frame read so far on this connection (`rawFrames`).
    @discardableResult
    func readFrames(seconds: Double = 2, until stop: ([RawFrames.Frame]) -> Bool = { _ in false }) -> [RawFrames.Frame] {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while !closedByServer, !stop(rawFrames), ContinuousClock.now < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 20) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            guard n > 0 else {
                closedByServer = true
                break
            }
            rawInput += buffer[0..<n]
            rawFrames += RawFrames.parse(&rawInput)
        }
        return rawFrames
    }

    /// The error codes of the GOAWAY frames `readFrames` saw, in order.
    var goAwayCodes: [UInt32] { rawFrames.compactMap(\.goAwayErrorCode) }

    /// The error codes of the GOAWAY frames the session reported (`pump`), in order.
    var sessionGoAwayCodes: [UInt32] {
        events.compactMap { event in
            if case .goAway(_, let code) = event { return code } else { return nil }
        }
    }

    /// Half-closes the socket: the server reads EOF, we can still read its answer.
    func shutdownWrite() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }
}

extension [H2Header] {
    subscript(_ name: String) -> String? { first { $0.name == name }?.value }
}
