import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeTLS
import Testing

/// Plain HTTP requests (not RPCs) served by an `RPCServer`'s `httpHandler`, called with libcurl
/// over HTTP/2 and TLS: the mode the simulators and metrics endpoints use.
@Suite("Plain HTTP handler of the RPC server")
struct PlainHTTPServerTests {
    private func withServer(
        maxBody: Int = 4 << 20, _ handler: @escaping HTTPRequestHandler,
        _ body: (_ base: String, _ client: HTTPClient) async throws -> Void
    ) async throws {
        let pki = try TestPKI(serverName: "sim")
        let context = try TLSContext(server: pki.serverConfiguration(clientCertificate: .none))
        var logger = Logger(label: "plain-http-test")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .tls(context))
        configuration.httpHandler = handler
        configuration.maxMessageSize = maxBody
        let server = try RPCServer(configuration: configuration, services: [], logger: logger)
        let port = try server.start().port
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let caFile = directory.appendingPathComponent("ca.pem").path
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
        let client = try HTTPClient(configuration: .init(caFile: caFile))
        try await body("https://localhost:\(port)", client)
        client.shutdown()
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    @Test("GET with a query reaches the handler whole; its status, headers and body come back")
    func getWithQuery() async throws {
        try await withServer({ request in
            HTTPServerResponse(
                status: 201, contentType: "application/json",
                body: Array(
                    "{\"path\":\"\(request.path)\",\"query\":\"\(request.query)\",\"auth\":\"\(request.header("Authorization") ?? "")\"}"
                        .utf8),
                headers: [("Retry-After", "7")])
        }) { base, client in
            let response = try await client.send(
                HTTPRequest(
                    method: "GET", url: base + "/audit/v1/logs?limit=5&oldest=10", headers: ["authorization": "Bearer x"]))
            #expect(response.status == 201)
            #expect(response.httpVersion == "2")
            #expect(response.header("retry-after") == "7")
            #expect(response.header("content-type") == "application/json")
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text == #"{"path":"/audit/v1/logs","query":"limit=5&oldest=10","auth":"Bearer x"}"#)
        }
    }

    @Test("a POST body arrives; a multi-megabyte response flows under flow control")
    func bodiesBothWays() async throws {
        let big = (0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await withServer({ request in
            request.method == "POST" && request.body == Array("a=1&b=2".utf8)
                ? HTTPServerResponse(status: 200, contentType: "application/octet-stream", body: big)
                : HTTPServerResponse(status: 400)
        }) { base, client in
            let response = try await client.send(
                HTTPRequest(
                    method: "POST", url: base + "/api/oauth.v2.access",
                    headers: ["content-type": "application/x-www-form-urlencoded"], body: Array("a=1&b=2".utf8)))
            #expect(response.status == 200)
            #expect(response.body == big)
        }
    }

    @Test("a body over the limit gets 413 without reaching the handler")
    func oversizedBody() async throws {
        try await withServer(maxBody: 1024, { _ in HTTPServerResponse(status: 200) }) { base, client in
            let response = try await client.send(
                HTTPRequest(
                    method: "POST", url: base + "/upload", body: [UInt8](repeating: 1, count: 64 << 10)))
            #expect(response.status == 413)
        }
    }

    @Test("a response cut short by abortAfterBytes is an error at the client, not a short body")
    func brokenTransfer() async throws {
        try await withServer({ request in
            request.path == "/again"
                ? HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("ok".utf8))
                : HTTPServerResponse(status: 200, body: [UInt8](repeating: 0x7B, count: 100_000), abortAfterBytes: 5000)
        }) { base, client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await client.send(HTTPRequest(method: "GET", url: base + "/audit/v1/logs"))
            }
            // The connection survives a reset stream: the next request is served.
            let next = try await client.send(HTTPRequest(method: "GET", url: base + "/again"))
            #expect(next.status == 200 && next.body == Array("ok".utf8))
        }
    }

    @Test("RPC routes are still served beside the HTTP handler")
    func rpcStillServed() async throws {
        try await withServer({ _ in HTTPServerResponse(status: 404) }) { base, client in
            let health = try await client.send(
                HTTPRequest(
                    method: "POST", url: base + "/palisade.health.v1.Health/Check",
                    headers: ["content-type": "application/json"], body: Array("{}".utf8)))
            #expect(health.status == 200)
            let other = try await client.send(HTTPRequest(method: "GET", url: base + "/nothing"))
            #expect(other.status == 404)
        }
    }

    @Test("a slow handler answers many concurrent requests without blocking the loop")
    func concurrentSlowHandlers() async throws {
        try await withServer({ request in
            try? await Task.sleep(for: .milliseconds(50))
            return HTTPServerResponse(status: 200, contentType: "text/plain", body: Array(request.target.utf8))
        }) { base, client in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let r = try await client.send(HTTPRequest(method: "GET", url: base + "/slow/\(i)"))
                        return r.status == 200 && r.body == Array("/slow/\(i)".utf8)
                    }
                }
                for try await ok in group { #expect(ok) }
            }
        }
    }
}
