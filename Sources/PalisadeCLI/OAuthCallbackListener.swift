import Foundation
import Glibc

/// A one-shot HTTP/1.1 listener on 127.0.0.1 that catches Slack's OAuth redirect
/// (`GET /callback?code=…&state=…`) for `palisade connect slack --oauth`.
///
/// Plain blocking POSIX sockets on a thread of its own: it serves one browser, one request at a
/// time, for a few minutes, so an event loop would add nothing. Each connection gets one answer
/// and is closed (`Connection: close`); what the request means is decided by `OAuthRedirect`.
final class OAuthCallbackListener: Sendable {
    /// The port it listens on (the one the kernel chose when asked for port 0).
    let port: UInt16
    private let socket: Int32

    /// The longest request head it reads; a browser's GET with cookies fits easily.
    static let maxHead = 16 * 1024

    /// Binds 127.0.0.1:`port` (0 = any free port) and starts listening.
    init(port: UInt16) throws(CommandFailure) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CommandFailure("cannot open a socket: \(Self.lastError())") }
        var reuse: Int32 = 1
        // Lets a fixed --redirect-port be reused right after a previous run.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)  // loopback only: the code must not leave the machine
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = Self.lastError()
            close(fd)
            throw CommandFailure("cannot listen on 127.0.0.1:\(port) for the OAuth redirect: \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let reason = Self.lastError()
            close(fd)
            throw CommandFailure("cannot read the OAuth listener's port: \(reason)")
        }
        self.socket = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(socket) }

    /// The redirect URI to register with `BeginOAuth`.
    var redirectURI: String { "http://127.0.0.1:\(port)\(OAuthRedirect.callbackPath)" }

    /// Waits for the redirect that carries `expectedState`, answering the browser with a short
    /// page; other requests are answered and ignored. Returns `.authorized` or `.denied`.
    func waitForRedirect(expectedState: String, timeout: Duration) async throws(CommandFailure) -> OAuthRedirect {
        let result: Result<OAuthRedirect, CommandFailure> = await withCheckedContinuation { continuation in
            // A dedicated thread, not the cooperative pool: accept() blocks for minutes.
            let thread = Thread { continuation.resume(returning: self.serve(expectedState: expectedState, timeout: timeout)) }
            thread.name = "palisade-oauth-listener"
            thread.start()
        }
        return try result.get()
    }

    private func serve(expectedState: String, timeout: Duration) -> Result<OAuthRedirect, CommandFailure> {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                return .failure(CommandFailure("no redirect from Slack within \(Self.describe(timeout)); run the command again"))
            }
            var waiting = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&waiting, 1, milliseconds)
            if ready < 0 && errno != EINTR {
                return .failure(CommandFailure("waiting for the OAuth redirect failed: \(Self.lastError())"))
            }
            guard ready > 0 else { continue }
            let connection = accept(socket, nil, nil)  // accept4 needs _GNU_SOURCE; this process never execs
            guard connection >= 0 else { continue }  // the browser gave up; keep waiting
            let outcome = handle(connection, expectedState: expectedState)
            close(connection)
            switch outcome {
            case .authorized, .denied: return .success(outcome)
            case .otherPath, .rejected: continue
            }
        }
    }

    /// Reads one request head, answers it, and says what it was.
    private func handle(_ connection: Int32, expectedState: String) -> OAuthRedirect {
        // A client that connects and sends nothing must not hold the only thread for long.
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard let line = Self.readRequestLine(connection) else {
            Self.respond(connection, status: "400 Bad Request", page: OAuthPage.problem("The request could not be read."))
            return .rejected("unreadable request")
        }
        let outcome = OAuthRedirect.parse(requestLine: line, expectedState: expectedState)
        switch outcome {
        case .authorized: Self.respond(connection, status: "200 OK", page: OAuthPage.authorized)
        case .denied(let error): Self.respond(connection, status: "200 OK", page: OAuthPage.denied(error))
        case .otherPath: Self.respond(connection, status: "404 Not Found", page: OAuthPage.problem("Nothing here."))
        case .rejected(let reason): Self.respond(connection, status: "400 Bad Request", page: OAuthPage.problem(reason))
        }
        return outcome
    }

    /// The first line of the request, once the whole head (up to the blank line) has arrived,
    /// so the browser is not answered while it is still sending.
    private static func readRequestLine(_ connection: Int32) -> String? {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = [13, 10, 13, 10]
        while head.count < maxHead {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            head += buffer[..<count]
            if head.suffix(from: max(0, head.count - count - 3)).firstRange(of: end) != nil { break }
        }
        return requestLine(ofHead: head)
    }

    /// The request line of a received head: the bytes before its first CRLF, as UTF-8 text
    /// (the CRLF not included). Nil when the head holds no CRLF (cut short, or a line longer
    /// than `maxHead`) or the line is not valid UTF-8; the listener answers those 400.
    static func requestLine(ofHead head: [UInt8]) -> String? {
        guard let lineEnd = head.firstRange(of: [13, 10]) else { return nil }
        return String(bytes: head[..<lineEnd.lowerBound], encoding: .utf8)
    }

    private static func respond(_ connection: Int32, status: String, page: String) {
        let body = Array(page.utf8)
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        var bytes = Array(head.utf8) + body
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return }  // the browser went away; nothing more to tell it
            bytes.removeFirst(sent)
        }
    }

    /// "1 minute", "10 minutes", or "90 s" for waits that are not whole minutes.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard seconds % 60 == 0 else { return "\(seconds) s" }
        return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes"
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
