import Foundation
import PalisadeHTTPClient
import Testing

@Suite("HTTPClient.send(_:retrying:) against a local server")
struct HTTPClientRetryTests {
    @Test func retryAfterIsHonouredOn429() async throws {
        let server = try LocalHTTPServer { _, index in
            index == 0
                ? .respond(status: 429, headers: [("Retry-After", "1")], body: Array("slow down".utf8))
                : .respond(status: 200, body: Array("ok".utf8))
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let started = ContinuousClock.now

        let response = try await client.send(
            HTTPRequest(url: server.url("/limited")), retrying: RetryPolicy(baseDelay: .milliseconds(1)))

        let elapsed = ContinuousClock.now - started
        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
        #expect(server.requests.count == 2)
        #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(20))
    }

    @Test func unavailableIsRetriedWithBackoff() async throws {
        let server = try LocalHTTPServer { _, index in
            index < 2 ? .respond(status: 503) : .respond(status: 200, body: Array("done".utf8))
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))

        let response = try await client.send(HTTPRequest(method: "POST", url: server.url("/flaky"), body: [1, 2]), retrying: policy)

        #expect(response.status == 200)
        #expect(server.requests.count == 3)
        let everyAttemptSentTheBody = server.requests.allSatisfy { $0.body == [1, 2] }
        #expect(everyAttemptSentTheBody)
    }

    @Test func lastRetryableResponseIsReturnedWhenAttemptsRunOut() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 502) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(url: server.url("/down")), retrying: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)))

        #expect(response.status == 502)
        #expect(server.requests.count == 3)
    }

    @Test func connectionFailuresAreRetriedThenThrown() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        let url = "http://127.0.0.1:\(LocalHTTPServer.closedPort())/"

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: url), retrying: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5)))
        }

        #expect(error?.code == .couldNotConnect)
    }

    @Test func timeoutIsNotRetriedByDefault() async throws {
        let server = try LocalHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(url: server.url("/hang"), timeout: .milliseconds(200)),
                retrying: RetryPolicy(baseDelay: .milliseconds(5)))
        }

        #expect(error?.code == .timeout)
        #expect(server.requests.count == 1)
    }

    @Test func cancellingDuringTheRetryWaitStopsPromptly() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 429, headers: [("Retry-After", "30")]) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let task = Task { try await client.send(HTTPRequest(url: server.url("/limited")), retrying: RetryPolicy()) }
        #expect(await server.waitForRequests(1))
        let started = ContinuousClock.now

        task.cancel()
        let result = await task.result

        #expect(ContinuousClock.now - started < .seconds(5))
        if case .failure(let error as HTTPClientError) = result {
            #expect(error.code == .cancelled)
        } else {
            Issue.record("expected .cancelled, got \(result)")
        }
        #expect(server.requests.count == 1)
    }
}
