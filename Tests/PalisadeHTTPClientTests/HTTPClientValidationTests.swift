import PalisadeHTTPClient
import Testing

@Suite("HTTPClient request and configuration checks")
struct HTTPClientValidationTests {
    @Test(arguments: ["ftp://example.com/file", "not a url", "/relative/path", "file:///etc/passwd"])
    func rejectsURLsThatAreNotAbsoluteHTTP(url: String) async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) { try await client.send(HTTPRequest(url: url)) }

        #expect(error?.code == .invalidURL)
    }

    @Test func rejectsHeaderInjectionWithoutEchoingTheValue() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        var request = HTTPRequest(url: "http://127.0.0.1:1/")
        request.headers["Authorization"] = "Bearer token-value\r\nX-Evil: 1"

        let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }

        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("token-value") == false)
    }

    @Test func rejectsInvalidMethod() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET /x HTTP/1.1\r\n", url: "http://127.0.0.1:1/"))
        }

        #expect(error?.code == .invalidRequest)
    }

    @Test func missingCAFileFailsAtStart() {
        let error = #expect(throws: HTTPClientError.self) {
            _ = try HTTPClient(configuration: .init(caFile: "/nonexistent/ca.pem"))
        }

        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("/nonexistent/ca.pem") == true)
    }

    @Test func requestDescriptionHidesSecrets() {
        var request = HTTPRequest(
            method: "POST", url: "https://user:pw@api.example.com/v1/x?token=abc#frag", body: Array("secret-body".utf8))
        request.headers["Authorization"] = "Bearer xyz"

        let text = request.description

        #expect(text == "POST https://api.example.com/v1/x headers: [Authorization], 11-byte body")
    }

    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers: HTTPHeaders = ["Accept": "a", "Set-Cookie": "1"]
        headers.add(name: "set-cookie", value: "2")
        headers["ACCEPT"] = "b"

        #expect(headers["accept"] == "b")
        #expect(headers.values(for: "SET-COOKIE") == ["1", "2"])
        #expect(headers.map(\.name) == ["Set-Cookie", "set-cookie", "ACCEPT"])
        #expect(HTTPResponse(status: 200, headers: headers).header("Set-cookie") == "1")
    }
}
