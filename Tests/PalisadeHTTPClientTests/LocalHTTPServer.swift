import Foundation
import Glibc
import Synchronization

/// A request as the test server received it.
struct RecordedRequest: Sendable {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the test server does with one request.
enum ScriptedReply: Sendable {
    /// A normal response with `Content-Length`; the connection stays open for the next request.
    case respond(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [])
    /// A response without `Content-Length`, delimited by closing the connection, so the client
    /// cannot know its size in advance.
    case respondUntilClose(status: Int, body: [UInt8])
    /// Read the request and never answer; the connection is held until the client gives up or
    /// the server stops.
    case hang
}

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 and an ephemeral port, one thread per connection.
///
/// Enough HTTP for the client's tests: request line, headers, `Content-Length` bodies,
/// keep-alive. Every loop polls with a short timeout so ``stop()`` ends all threads.
final class LocalHTTPServer: Sendable {
    typealias Handler = @Sendable (_ request: RecordedRequest, _ index: Int) -> ScriptedReply

    private struct State {
        var requests: [RecordedRequest] = []
        var connections = 0
        var stopped = false
    }

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(State())

    init(handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0, let port = Self.localPort(of: fd) else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        self.listener = fd
        self.port = port
        self.handler = handler
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// How many TCP connections were accepted: tells connection reuse apart from reconnecting.
    var connectionCount: Int { state.withLock { $0.connections } }

    /// Waits (polling) until at least `count` requests have arrived; false on timeout.
    func waitForRequests(_ count: Int, within limit: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if requests.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return requests.count >= count
    }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// A port that nothing listens on: bound, read, released.
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return localPort(of: fd) ?? 1
    }

    // MARK: Threads

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            guard waitReadable(listener) else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            state.withLock { $0.connections += 1 }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            let index = state.withLock { state in
                state.requests.append(request)
                return state.requests.count - 1
            }
            switch handler(request, index) {
            case .respond(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) Scripted\r\nContent-Length: \(body.count)\r\n"
                for field in headers { head += "\(field.name): \(field.value)\r\n" }
                guard writeAll(fd, Array((head + "\r\n").utf8) + body) else { return }
            case .respondUntilClose(let status, let body):
                let head = "HTTP/1.1 \(status) Scripted\r\nConnection: close\r\n\r\n"
                _ = writeAll(fd, Array(head.utf8) + body)
                return
            case .hang:
                // Until the client closes (read returns 0) or the test ends.
                var scratch = [UInt8](repeating: 0, count: 1024)
                while !isStopped {
                    if waitReadable(fd), read(fd, &scratch, scratch.count) <= 0 { return }
                }
                return
            }
        }
    }

    /// Reads one request (head and `Content-Length` body); nil at EOF or stop.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> RecordedRequest? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let end = buffer.firstRange(of: separator)?.upperBound { headEnd = end; break }
            guard readMore(fd, &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        while buffer.count < headEnd + length {
            guard readMore(fd, &buffer) else { return nil }
        }
        let body = Array(buffer[headEnd..<(headEnd + length)])
        buffer.removeFirst(headEnd + length)
        return RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readMore(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            guard waitReadable(fd) else { continue }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
        return false
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Waits up to 50 ms, so loops notice `stop()` quickly.
    private func waitReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 50) > 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private static func localPort(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return rc == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
