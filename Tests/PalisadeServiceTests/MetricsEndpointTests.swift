import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeService
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The metrics body the servers under test serve.
private let sampleMetrics = Array("# TYPE palisade_up gauge\npalisade_up 1\n".utf8)

private let quiet: Logger = {
    var logger = Logger(label: "metrics-test")
    logger.logLevel = .critical
    return logger
}()

/// The `metrics.listen` server on 127.0.0.1:0, started; `configure` may change its settings.
private func startedServer(
    body: [UInt8] = sampleMetrics, configure: (inout RPCServerConfiguration) -> Void = { _ in }
) throws -> (PlainHTTPServer, Int) {
    var configuration = try MetricsEndpoint.server(address: try ListenAddress(parsing: "127.0.0.1:0"), logger: quiet) { body }
        .configuration
    configure(&configuration)
    let server = try PlainHTTPServer(configuration: configuration, logger: quiet, handler: MetricsEndpoint.handler { body })
    let address = try server.start()
    return (server, address.port)
}

private func stop(_ server: PlainHTTPServer) async {
    server.beginGracefulShutdown()
    await server.waitUntilStopped()
}

/// libcurl over cleartext `http://`: HTTP/1.1, what Prometheus speaks. Proxy variables ignored.
private func get(_ port: Int, _ path: String = "/metrics", method: String = "GET", body: [UInt8]? = nil) async throws
    -> HTTPResponse
{
    let client = try HTTPClient(configuration: .init(connectTimeout: .seconds(3), proxy: .direct))
    defer { client.shutdown() }
    return try await client.send(HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", body: body, timeout: .seconds(4)))
}

/// Serialized: the raw clients block their thread on `recv`, and parallel cases would take every
/// thread of a two-core machine's cooperative pool from the libcurl clients.
@Suite(.serialized) struct MetricsEndpointTests {
    @Test func getServesTheBodyWithThePrometheusContentTypeOverHTTP1() async throws {
        let (server, port) = try startedServer()
        let response = try await get(port)
        let withQuery = try await get(port, "/metrics?name[]=palisade_up")
        await stop(server)
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.1")
        #expect(response.body == sampleMetrics)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(withQuery.body == sampleMetrics)
    }

    @Test func headStatesTheLengthButSendsNoBody() async throws {
        let (server, port) = try startedServer()
        let raw = try RawHTTP1(port: port, timeout: 3)
        raw.send("HEAD /metrics HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        let (text, closed) = raw.readToEnd()
        await stop(server)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("content-length: \(sampleMetrics.count)\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(closed)
    }

    @Test func otherPathsAre404AndOtherMethods405WithAllow() async throws {
        let (server, port) = try startedServer()
        var statuses: [Int] = []
        for path in ["/", "/metricsx", "/metrics/", "/other"] { statuses.append(try await get(port, path).status) }
        let post = try await get(port, method: "POST", body: Array("x=1".utf8))
        let delete = try await get(port, method: "DELETE")
        await stop(server)
        #expect(statuses == [404, 404, 404, 404])
        #expect(post.status == 405 && delete.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
    }

    @Test(arguments: [
        ("TLS ClientHello", "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}", 501),
        ("HTTP/0.9", "GET /metrics\r\n\r\n", 505),
        ("no Host in 1.1", "GET /metrics HTTP/1.1\r\n\r\n", 400),
        ("two Hosts", "GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("field without colon", "GET /metrics HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n", 400),
        ("space before colon", "GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("bare CR", "GET /metrics HTTP/1.1\r\nHost: x\rY: 1\r\n\r\n", 400),
        ("bad version", "GET /metrics HTTP/1.x\r\nHost: x\r\n\r\n", 400),
        ("HTTP/1.0 without Host", "GET /metrics HTTP/1.0\r\n\r\n", 200),
        ("LF line ends", "GET /metrics HTTP/1.1\nHost: x\nConnection: close\n\n", 200),
        ("leading empty line", "\r\nGET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200),
        ("absolute form", "GET http://x/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200),
    ])
    func rawRequestsGetTheRightStatusAndTheServerKeepsServing(name: String, request: String, status: Int) async throws {
        let (server, port) = try startedServer()
        let raw = try RawHTTP1(port: port, timeout: 3)
        raw.send(request.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        let (answer, closed) = raw.readToEnd()
        let after = try await get(port)
        await stop(server)
        #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(name): \(answer.prefix(60))")
        #expect(closed, "\(name)")
        #expect(after.status == 200, "\(name)")
    }

    @Test func anOversizedHeadIs431() async throws {
        let (server, port) = try startedServer()
        let raw = try RawHTTP1(port: port, timeout: 3)
        raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")
        let answer = raw.readToEnd().text
        let after = try await get(port)
        await stop(server)
        #expect(answer.hasPrefix("HTTP/1.1 431 "))
        #expect(after.status == 200)
    }

    @Test func silentAndTricklingClientsAreDroppedWhileOthersAreServed() async throws {
        let (server, port) = try startedServer { $0.firstRequestTimeout = .milliseconds(500) }
        let started = ContinuousClock.now
        let silent = try RawHTTP1(port: port, timeout: 5)
        let trickler = try RawHTTP1(port: port, timeout: 5)
        let response = try await get(port)
        #expect(response.status == 200)
        #expect(ContinuousClock.now - started < .milliseconds(400))

        // Bytes keep arriving, but the head is never finished: 408 once its time is up.
        for byte in "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaa".utf8 {
            guard trickler.send([byte]) else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let tricklerAnswer = trickler.readToEnd()
        let silentAnswer = silent.readToEnd()
        let elapsed = ContinuousClock.now - started
        await stop(server)
        #expect(tricklerAnswer.text.hasPrefix("HTTP/1.1 408 ") || tricklerAnswer.text.isEmpty)
        #expect(tricklerAnswer.closed && silentAnswer.closed)
        #expect(silentAnswer.text.isEmpty)
        #expect(elapsed < .seconds(4))
    }

    @Test func manyConcurrentScrapesOfALargeBodyAllSucceed() async throws {
        // Larger than the socket buffers, so answers are written over several loop turns.
        let body = (0..<20_000).flatMap { Array("palisade_series{n=\"\($0)\"} 1\n".utf8) }
        let (server, port) = try startedServer(body: body)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<48 {
                group.addTask {
                    let response = try await get(port)
                    return response.status == 200 && response.body == body
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        await stop(server)
        let succeeded = outcomes.filter { $0 }.count
        #expect(succeeded == 48)
    }

    @Test func bindingAnOccupiedPortFailsNamingTheAddress() async throws {
        let (server, port) = try startedServer()
        let second = try MetricsEndpoint.server(address: try ListenAddress(parsing: "127.0.0.1:\(port)"), logger: quiet) {
            sampleMetrics
        }
        let error = #expect(throws: RPCError.self) { try second.start() }
        await stop(server)
        #expect(error?.message.contains("Address already in use") == true, "\(String(describing: error))")
    }

    @Test func cleartextIsAllowedOnEveryInterface() async throws {
        let server = try MetricsEndpoint.server(address: try ListenAddress(parsing: "0.0.0.0:0"), logger: quiet) { sampleMetrics }
        let port = try server.start().port
        let response = try await get(port)
        await stop(server)
        #expect(response.status == 200)
    }

    @Test func stopReturnsPromptlyWithClientsConnectedAndClosesThePort() async throws {
        let (server, port) = try startedServer()
        let silent = try RawHTTP1(port: port, timeout: 3)
        let partial = try RawHTTP1(port: port, timeout: 3)
        partial.send("GET /metrics HTTP/1.1\r\n")
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        await stop(server)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(silent.readToEnd().closed)
        #expect(partial.readToEnd().closed)
        let refused = (try? RawHTTP1(port: port)) == nil
        #expect(refused)
    }
}
