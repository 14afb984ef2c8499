import Foundation
import PalisadeHTTPClient
import PalisadeService
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The metrics body the listeners under test serve.
private let sampleMetrics = Array("# TYPE palisade_up gauge\npalisade_up 1\n".utf8)

/// A listener on 127.0.0.1:0, started; stopped by the caller (or its deinit).
private func startedListener(
    limits: MetricsListener.Limits = .init(), body: [UInt8] = sampleMetrics
) throws -> (MetricsListener, Int) {
    let listener = MetricsListener(address: try ListenAddress(parsing: "127.0.0.1:0"), limits: limits) { body }
    try listener.start()
    let port = try #require(listener.port)
    return (listener, port)
}

/// A client that speaks HTTP/1.1 (libcurl over cleartext `http://`), ignoring proxy variables.
private func httpClient() throws -> HTTPClient {
    try HTTPClient(configuration: .init(connectTimeout: .seconds(3), proxy: .direct))
}

private func get(
    _ client: HTTPClient, port: Int, _ path: String = "/metrics", method: String = "GET",
    body: [UInt8]? = nil
) async throws -> HTTPResponse {
    try await client.send(HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", body: body, timeout: .seconds(4)))
}

@Suite struct MetricsListenerTests {
    @Test func getServesTheBodyWithThePrometheusContentType() async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let client = try httpClient()
        defer { client.shutdown() }
        let response = try await get(client, port: port)
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.1")
        #expect(response.body == sampleMetrics)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.header("Content-Type") == MetricsListener.contentType)
        #expect(response.header("Connection") == "close")
        let withQuery = try await get(client, port: port, "/metrics?name[]=palisade_up")
        #expect(withQuery.status == 200)
        #expect(withQuery.body == sampleMetrics)
    }

    @Test func headHasTheHeadersButNoBody() async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let client = try httpClient()
        defer { client.shutdown() }
        let response = try await get(client, port: port, method: "HEAD")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Length") == "\(sampleMetrics.count)")

        // curl never reads a HEAD body; a raw client reads to end-of-file.
        let raw = try RawClient(port: port)
        try raw.send("HEAD /metrics HTTP/1.1\r\nHost: test\r\n\r\n")
        let text = try raw.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(!text.contains("palisade_up"))
    }

    @Test func otherPathsAre404() async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let client = try httpClient()
        defer { client.shutdown() }
        for path in ["/", "/metricsx", "/metrics/", "/other"] {
            let response = try await get(client, port: port, path)
            #expect(response.status == 404, "\(path)")
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func otherMethodsAre405WithAllow() async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let client = try httpClient()
        defer { client.shutdown() }
        let post = try await get(client, port: port, method: "POST", body: Array("x=1".utf8))
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        let delete = try await get(client, port: port, method: "DELETE")
        #expect(delete.status == 405)
        #expect(delete.header("Allow") == "GET, HEAD")
    }

    @Test(arguments: [
        ("TLS ClientHello", "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}", "400"),
        ("binary noise", "\u{00}\u{ff}\u{fe}GET /metrics\r\n\r\n", "400"),
        ("no version", "GET /metrics\r\n\r\n", "400"),
        ("two spaces", "GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "400"),
        ("no Host in 1.1", "GET /metrics HTTP/1.1\r\n\r\n", "400"),
        ("two Hosts", "GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400"),
        ("field without colon", "GET /metrics HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n", "400"),
        ("space before colon", "GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n", "400"),
        ("obsolete folding", "GET /metrics HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", "400"),
        ("bare CR", "GET /metrics HTTP/1.1\r\nHost: x\rY: 1\r\n\r\n", "400"),
        ("bad version", "GET /metrics HTTP/1.x\r\nHost: x\r\n\r\n", "400"),
        ("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "505"),
        ("HTTP/1.0 without Host", "GET /metrics HTTP/1.0\r\n\r\n", "200"),
        ("LF line ends", "GET /metrics HTTP/1.1\nHost: x\n\n", "200"),
        ("leading empty line", "\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "200"),
        ("absolute form", "GET http://x/metrics HTTP/1.1\r\nHost: x\r\n\r\n", "200"),
    ])
    func rawRequestsGetTheRightStatusAndTheListenerKeepsServing(name: String, request: String, status: String) async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let raw = try RawClient(port: port)
        try raw.send(Array(request.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
        let answer = try raw.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(name): \(answer.prefix(40))")
        #expect(answer.contains("\r\nConnection: close\r\n"), "\(name)")

        let client = try httpClient()
        defer { client.shutdown() }
        let after = try await get(client, port: port)
        #expect(after.status == 200, "\(name)")
    }

    @Test func anIncompleteRequestFollowedByEndOfFileIs400() throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let raw = try RawClient(port: port)
        try raw.send("GET /met")
        raw.shutdownWrite()
        let answer = try raw.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 400 "))
    }

    @Test func anOversizedHeadIs431() async throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let raw = try RawClient(port: port)
        try raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 10_000) + "\r\n\r\n")
        let answer = try raw.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 431 "))

        // Endless empty lines before the request line count towards the limit too.
        let blank = try RawClient(port: port)
        try blank.send(String(repeating: "\r\n", count: 5_000))
        let blankAnswer = try blank.readToEnd()
        #expect(blankAnswer.hasPrefix("HTTP/1.1 431 "))

        let client = try httpClient()
        defer { client.shutdown() }
        let after = try await get(client, port: port)
        #expect(after.status == 200)
    }

    @Test func silentAndTricklingClientsAreDroppedAtTheDeadlineWhileOthersAreServed() async throws {
        let (listener, port) = try startedListener(limits: .init(requestTimeout: .milliseconds(500)))
        defer { listener.stop() }
        let started = ContinuousClock.now
        let silent = try RawClient(port: port)
        let silentOutcome = Task.detached { () throws -> (String, Duration) in
            let answer = try silent.readToEnd()
            return (answer, ContinuousClock.now - started)
        }
        let trickler = try RawClient(port: port)

        let client = try httpClient()
        defer { client.shutdown() }
        let response = try await get(client, port: port)
        #expect(response.status == 200)
        #expect(ContinuousClock.now - started < .milliseconds(400))

        // Bytes keep arriving, but the head is never finished: the deadline counts from accept.
        var trickleDropped = false
        for byte in "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
            guard (try? trickler.send([byte])) != nil else {
                trickleDropped = true
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let tricklerAnswer = try trickler.readToEnd()
        #expect(trickleDropped || tricklerAnswer.isEmpty)

        let (silentAnswer, elapsed) = try await silentOutcome.value
        #expect(silentAnswer.isEmpty)
        #expect(elapsed >= .milliseconds(450))
        #expect(elapsed < .seconds(2))
    }

    @Test func connectionsBeyondTheLimitWaitForAFreeSlot() async throws {
        let (listener, port) = try startedListener(limits: .init(requestTimeout: .milliseconds(600), maxConnections: 1))
        defer { listener.stop() }
        let silent = try RawClient(port: port)
        try await Task.sleep(for: .milliseconds(100))  // the loop has accepted it: the only slot is taken

        let client = try httpClient()
        defer { client.shutdown() }
        let started = ContinuousClock.now
        let response = try await get(client, port: port)
        let waited = ContinuousClock.now - started
        #expect(response.status == 200)
        #expect(waited >= .milliseconds(300))
        #expect(waited < .seconds(3))
        let silentAnswer = try silent.readToEnd()
        #expect(silentAnswer.isEmpty)
    }

    @Test func manyConcurrentScrapesOfALargeBodyAllSucceed() async throws {
        // Larger than the socket buffers, so responses are written over several poll rounds;
        // more clients than `maxConnections`, so some wait in the accept queue.
        let body = (0..<20_000).flatMap { Array("palisade_series{n=\"\($0)\"} 1\n".utf8) }
        let (listener, port) = try startedListener(body: body)
        defer { listener.stop() }
        let client = try httpClient()
        defer { client.shutdown() }
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<48 {
                group.addTask {
                    let response = try await get(client, port: port)
                    return response.status == 200 && response.body == body
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let succeeded = outcomes.filter { $0 }.count
        #expect(succeeded == 48)
    }

    @Test func bindingAnOccupiedPortFailsNamingTheAddress() throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        let second = MetricsListener(address: try ListenAddress(parsing: "127.0.0.1:\(port)")) { sampleMetrics }
        let error = #expect(throws: MetricsListenerError.self) { try second.start() }
        #expect(error?.errno == EADDRINUSE)
        #expect(error?.description == "cannot serve metrics on 127.0.0.1:\(port): bind: Address already in use")
        #expect(second.port == nil)
    }

    @Test func anUnresolvableHostFailsNamingIt() throws {
        let listener = MetricsListener(address: try ListenAddress(parsing: "no-such-host.invalid:0")) { sampleMetrics }
        let error = #expect(throws: MetricsListenerError.self) { try listener.start() }
        #expect(error?.description.hasPrefix("cannot serve metrics on no-such-host.invalid:0: resolving no-such-host.invalid: ") == true)
    }

    @Test func stopReturnsPromptlyWithClientsConnectedAndClosesThePort() throws {
        let (listener, port) = try startedListener()
        let silent = try RawClient(port: port)
        let partial = try RawClient(port: port)
        try partial.send("GET /metrics HTTP/1.1\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        let started = ContinuousClock.now
        listener.stop()
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .milliseconds(200))
        let silentAnswer = try silent.readToEnd()
        #expect(silentAnswer.isEmpty)
        #expect(listener.port == nil)
        let refused = (try? RawClient(port: port)) == nil
        #expect(refused)
        listener.stop()  // idempotent
        let again = #expect(throws: MetricsListenerError.self) { try listener.start() }
        #expect(again?.reason == "the listener was stopped")
    }

    @Test func boundAddressHasTheChosenPort() throws {
        let (listener, port) = try startedListener()
        defer { listener.stop() }
        #expect(port > 0)
        #expect(listener.boundAddress?.description == "127.0.0.1:\(port)")
    }
}

/// A blocking TCP client on 127.0.0.1 for the requests curl will not send; every read gives up
/// after 3 s so a listener bug fails the test instead of hanging it.
private final class RawClient: Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RawClientError("socket: \(errno)") }
        var limit = timeval(tv_sec: 3, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw RawClientError("connect: \(code)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawClientError("send: \(errno)") }
            offset += sent
        }
    }

    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Everything until the server closes, as Latin-1 text (so any byte shows up); empty when
    /// the server closed without a word or reset the connection.
    func readToEnd() throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || errno == ECONNRESET {
                return String(received.map { Character(Unicode.Scalar($0)) })
            } else if errno != EINTR {
                throw RawClientError("recv: \(errno) after \(received.count) bytes")
            }
        }
    }
}

private struct RawClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
