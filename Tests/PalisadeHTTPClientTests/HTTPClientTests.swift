import Foundation
import PalisadeHTTPClient
import Synchronization
import Testing

@Suite("HTTPClient against a local server")
struct HTTPClientTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try LocalHTTPServer { _, _ in
            .respond(status: 200, headers: [("Content-Type", "text/plain"), ("X-Trace", "abc")], body: Array("hello".utf8))
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(url: server.url("/hello?x=1")))

        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
        #expect(response.header("content-type") == "text/plain")
        #expect(response.header("X-TRACE") == "abc")
        #expect(response.httpVersion == "1.1")
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.target == "/hello?x=1")
        #expect(received.header("User-Agent") == "palisade/0.1")
        #expect(received.header("Expect") == nil)
    }

    @Test(arguments: [0, 17, 1024 * 1024])
    func postBodyIsEchoedByteExact(size: Int) async throws {
        let server = try LocalHTTPServer { request, _ in .respond(status: 200, body: request.body) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

        let response = try await client.send(HTTPRequest(method: "POST", url: server.url("/echo"), body: body))

        #expect(response.status == 200)
        #expect(response.body == body)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.header("Content-Length") == "\(size)")
        #expect(received.header("Content-Type") == nil, "curl's form content type must not be invented")
    }

    @Test func customHeadersAndMethodArrive() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 204) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        var request = HTTPRequest(method: "PATCH", url: server.url("/users/42"), body: Array("{}".utf8))
        request.headers["Authorization"] = "Bearer secret-token"
        request.headers["Content-Type"] = "application/json"
        request.headers.add(name: "X-Multi", value: "one")
        request.headers.add(name: "X-Multi", value: "two")
        request.headers["User-Agent"] = "custom/1"

        let response = try await client.send(request)

        #expect(response.status == 204)
        let received = try #require(server.requests.first)
        #expect(received.method == "PATCH")
        #expect(received.header("authorization") == "Bearer secret-token")
        #expect(received.header("content-type") == "application/json")
        let multiValues = received.headers.filter { $0.name == "X-Multi" }.map(\.value)
        #expect(multiValues == ["one", "two"])
        #expect(received.header("User-Agent") == "custom/1")
        #expect(received.body == Array("{}".utf8))
    }

    @Test func clientErrorStatusIsAResponseNotAnError() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 400, body: Array("bad".utf8)) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(url: server.url("/bad")), retrying: RetryPolicy())

        #expect(response.status == 400)
        #expect(response.body == Array("bad".utf8))
        #expect(server.requests.count == 1)
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try LocalHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let started = ContinuousClock.now

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.url("/slow?token=s3cr3t"), timeout: .milliseconds(500)))
        }

        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("GET \(server.url("/slow"))") == true)
        #expect(error?.message.contains("s3cr3t") == false)
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(10))
    }

    @Test func closedPortIsCouldNotConnect() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        let url = "http://127.0.0.1:\(LocalHTTPServer.closedPort())/x"

        let error = await #expect(throws: HTTPClientError.self) { try await client.send(HTTPRequest(url: url)) }

        #expect(error?.code == .couldNotConnect)
        #expect(error?.message.contains(url) == true)
    }

    @Test(arguments: [false, true])
    func responseOverTheLimitIsRejected(announcedLength: Bool) async throws {
        let big = [UInt8](repeating: 0x61, count: 300_000)
        let server = try LocalHTTPServer { _, _ in
            announcedLength ? .respond(status: 200, body: big) : .respondUntilClose(status: 200, body: big)
        }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(maxResponseSize: 100_000))
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.url("/big")))
        }

        #expect(error?.code == .responseTooLarge)
        #expect(error?.message.contains("100000") == true)
    }

    @Test func cancellingTheTaskAbortsPromptly() async throws {
        let server = try LocalHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let task = Task { try await client.send(HTTPRequest(url: server.url("/hang"), timeout: .seconds(60))) }
        #expect(await server.waitForRequests(1))
        let started = ContinuousClock.now

        task.cancel()
        let result = await task.result

        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(throws: HTTPClientError.self) { try result.get() }
        if case .failure(let error as HTTPClientError) = result {
            #expect(error.code == .cancelled)
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 200) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.url("/")))
        }

        let result = await task.result

        if case .failure(let error as HTTPClientError) = result {
            #expect(error.code == .cancelled)
        } else {
            Issue.record("expected .cancelled, got \(result)")
        }
    }

    @Test func fiftyConcurrentRequestsAllSucceed() async throws {
        let server = try LocalHTTPServer { request, _ in .respond(status: 200, body: Array(request.target.utf8)) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: server.url("/item/\(index)")))
                    #expect(response.status == 200)
                    return (index, String(decoding: response.body, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }

        #expect(bodies.count == 50)
        let eachBodyMatchesItsPath = (0..<50).allSatisfy { bodies[$0] == "/item/\($0)" }
        #expect(eachBodyMatchesItsPath)
        #expect(server.requests.count == 50)
    }

    @Test func connectionsAreReusedAcrossSequentialRequests() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 200) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        for _ in 0..<5 { _ = try await client.send(HTTPRequest(url: server.url("/again"))) }

        #expect(server.requests.count == 5)
        #expect(server.connectionCount == 1)
    }

    @Test func shutdownFailsInFlightAndLaterRequests() async throws {
        let server = try LocalHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let client = try HTTPClient()
        let task = Task { try await client.send(HTTPRequest(url: server.url("/hang"), timeout: .seconds(60))) }
        #expect(await server.waitForRequests(1))

        client.shutdown()
        client.shutdown()

        if case .failure(let error as HTTPClientError) = await task.result {
            #expect(error.code == .shutdown)
        } else {
            Issue.record("in-flight request should fail with .shutdown")
        }
        let later = await #expect(throws: HTTPClientError.self) { try await client.send(HTTPRequest(url: server.url())) }
        #expect(later?.code == .shutdown)
    }
}
