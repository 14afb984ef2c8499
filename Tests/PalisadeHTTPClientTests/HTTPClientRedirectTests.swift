import PalisadeHTTPClient
import Testing

@Suite("HTTPClient redirects")
struct HTTPClientRedirectTests {
    @Test func redirectsAreReturnedByDefault() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 302, headers: [("Location", "/final")]) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(url: server.url("/start")))

        #expect(response.status == 302)
        #expect(response.header("location") == "/final")
        #expect(server.requests.count == 1)
    }

    @Test func redirectsAreFollowedWhenAskedAndOnlyFinalHeadersRemain() async throws {
        let server = try LocalHTTPServer { request, _ in
            request.target == "/final"
                ? .respond(status: 200, headers: [("X-Final", "yes")], body: Array("end".utf8))
                : .respond(status: 302, headers: [("Location", "/final"), ("X-Hop", "1")])
        }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(followRedirects: true))
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(url: server.url("/start")))

        #expect(response.status == 200)
        #expect(response.body == Array("end".utf8))
        #expect(response.header("X-Final") == "yes")
        #expect(response.header("X-Hop") == nil)
        #expect(server.requests.map(\.target) == ["/start", "/final"])
    }

    @Test func redirectLoopIsTooManyRedirects() async throws {
        let server = try LocalHTTPServer { _, _ in .respond(status: 302, headers: [("Location", "/loop")]) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(followRedirects: true, maxRedirects: 3))
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.url("/loop")))
        }

        #expect(error?.code == .tooManyRedirects)
        #expect(server.requests.count == 4)
    }
}
