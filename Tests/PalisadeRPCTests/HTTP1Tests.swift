import Foundation
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeTLS
import PalisadeTestSupport
import Testing

/// The plain HTTP handler of the HTTP/1.1 tests: a few routes that exercise bodies, ordering and
/// broken transfers.
private let handler: HTTPRequestHandler = { request in
    switch request.path {
    case "/hello":
        return HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("hello \(request.query)".utf8))
    case "/echo":
        return HTTPServerResponse(status: 200, contentType: "application/octet-stream", body: request.body)
    case "/slow":
        try? await Task.sleep(for: .milliseconds(200))
        return HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("slow".utf8))
    case "/big":
        return HTTPServerResponse(status: 200, contentType: "application/octet-stream", body: (0..<(3 << 20)).map { UInt8($0 & 0xFF) })
    case "/abort":
        return HTTPServerResponse(status: 200, body: [UInt8](repeating: 65, count: 100), abortAfterBytes: 5)
    default:
        return HTTPServerResponse(status: 404, contentType: "text/plain", body: Array("not found".utf8))
    }
}

private func start(_ mode: Mode, configure: (inout RPCServerConfiguration) -> Void = { _ in }) throws -> Harness {
    try Harness.start(mode, clientCertificate: .optional) { configuration in
        configuration.httpHandler = handler
        configure(&configuration)
    }
}

private func status(_ response: String) -> Int? {
    Int(response.split(separator: " ").dropFirst().first ?? "")
}

private func body(_ response: String) -> String {
    guard let range = response.range(of: "\r\n\r\n") else { return "" }
    return String(response[range.upperBound...])
}

@Suite(.serialized) struct HTTP1Tests {
    @Test func libcurlGetsTheSameBytesOverHTTP1AndHTTP2() async throws {
        let harness = try start(.tls)
        defer { Task { await harness.stop() } }
        let pki = try #require(harness.pki)
        let directory = try TemporaryDirectory("http1")
        let caFile = directory.path + "/ca.pem"
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
        var answers: [(version: String, body: [UInt8])] = []
        for allowHTTP2 in [false, true] {
            let client = try HTTPClient(configuration: .init(caFile: caFile, proxy: .direct, allowHTTP2: allowHTTP2))
            defer { client.shutdown() }
            for path in ["/hello?a=1", "/big"] {
                let response = try await client.send(HTTPRequest(url: "https://localhost:\(harness.port)\(path)"))
                #expect(response.status == 200)
                answers.append((response.httpVersion, response.body))
            }
        }
        #expect(answers.map(\.version) == ["1.1", "1.1", "2", "2"])
        #expect(answers[0].body == answers[2].body)
        #expect(answers[1].body == answers[3].body)
        #expect(answers[1].body.count == 3 << 20)
    }

    @Test func keepsTheConnectionAndAnswersPipelinedRequestsInOrder() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /hello?b HTTP/1.1\r\nHost: a\r\n\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.map(body) == ["slow", "hello b"])
        let closing = responses.filter { $0.lowercased().contains("connection: close") }
        #expect(closing.isEmpty)
        connection.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        #expect(connection.readResponses(1).map(body) == ["abcde"])
    }

    @Test func answersExpectContinueBeforeTheBody() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let interim = connection.readResponses(1)
        #expect(interim.first?.hasPrefix("HTTP/1.1 100 Continue") == true)
        connection.send("xyz")
        #expect(connection.readResponses(1).map(body) == ["xyz"])
    }

    @Test func refusesRPCMethodsWith505() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("POST /palisade.bench.v1.Echo/Unary HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        let (text, closed) = connection.readToEnd()
        #expect(status(text) == 505)
        #expect(text.contains("HTTP/2 only"))
        #expect(closed)
    }

    @Test func aServerWithoutAPlainHandlerSays505ForAnyPath() async throws {
        let harness = try Harness.start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")
        let (text, closed) = connection.readToEnd()
        #expect(status(text) == 505)
        #expect(text.contains("this server answers RPC calls only, served over HTTP/2 only"))
        #expect(closed)
    }

    @Test(arguments: [
        (
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", 400
        ),
        ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length : 4\r\n\r\nabcd", 400),
        ("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabcd", 400),
        ("GET /hello HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "x", count: 20_000))\r\n\r\n", 431),
        ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n", 413),
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("\u{1}\u{2}\u{3} garbage\r\n\r\n", 501),
    ])
    func refusesBadInputAndCloses(_ request: String, _ expected: Int) async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send(request)
        let (text, closed) = connection.readToEnd()
        #expect(status(text) == expected, "\(text)")
        #expect(text.lowercased().contains("connection: close"))
        #expect(closed)
        #expect(!text.contains("hello"))
    }

    @Test func pipelinedGarbageAfterAGoodRequestEndsTheConnection() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n")
        let (text, closed) = connection.readToEnd()
        let responses = RawHTTP1.split(Array(text.utf8))
        #expect(responses.map(status) == [200, 400])
        #expect(closed)
    }

    @Test func aSlowHeadGets408() async throws {
        let harness = try start(.h2c) { $0.firstRequestTimeout = .milliseconds(300) }
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /hello HTTP/1.1\r\nHost: a\r\n")
        let started = ContinuousClock.now
        let (text, closed) = connection.readToEnd()
        #expect(status(text) == 408)
        #expect(closed)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aBrokenTransferStopsShortAndCloses() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /abort HTTP/1.1\r\nHost: a\r\n\r\n")
        let (text, closed) = connection.readToEnd()
        #expect(text.contains("content-length: 100"))
        #expect(body(text) == "AAAAA")
        #expect(closed)
    }

    @Test func aClientThatHalfClosesStillGetsItsAnswer() async throws {
        let harness = try start(.h2c)
        defer { Task { await harness.stop() } }
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        connection.finishSending()
        let (text, closed) = connection.readToEnd()
        #expect(status(text) == 200)
        #expect(body(text) == "slow")
        #expect(closed)
    }

    @Test func shutdownClosesIdleKeptAliveConnections() async throws {
        let harness = try start(.h2c)
        let connection = try RawHTTP1(port: harness.port)
        connection.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(connection.readResponses(1).count == 1)
        let started = ContinuousClock.now
        await harness.stop()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(connection.readToEnd().closed)
    }
}
