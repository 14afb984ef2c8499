import Foundation
import Glibc
import PalisadeEcho
import PalisadeHTTP2
import PalisadeRPC
import PalisadeWire
import Testing

@Suite("Bad input never crashes the server")
struct BadInputTests {
    @Test("garbage instead of the HTTP/2 preface closes that connection only")
    func garbagePreface() async throws {
        try await Self.expectOnlyThatConnectionCloses(
            .h2c, preface: false, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    }

    @Test("garbage instead of a TLS ClientHello closes that connection only")
    func garbageClientHello() async throws {
        try await Self.expectOnlyThatConnectionCloses(.tls, preface: false, (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
    }

    @Test("malformed HTTP/2 frames close that connection only")
    func malformedFrames() async throws {
        // A DATA frame on stream 0 (forbidden), then a frame claiming 16 MiB of payload.
        try await Self.expectOnlyThatConnectionCloses(
            .h2c, preface: true, [0, 0, 4, 0x0, 0x0, 0, 0, 0, 0, 1, 2, 3, 4] + [0xFF, 0xFF, 0xFF, 0x0, 0x0, 0, 0, 0, 1])
    }

    @Test("a truncated message is INTERNAL, not a hang or a crash")
    func truncatedMessage() async throws {
        let status = try await Self.unaryStatus(
            body: [0, 0, 0, 0, 100] + [UInt8](repeating: 9, count: 10), contentType: "application/grpc+palisade")
        #expect(status == String(StatusCode.internalError.rawValue))
    }

    @Test("a length prefix over the limit is refused before the body arrives")
    func hugePrefix() async throws {
        let status = try await Self.unaryStatus(body: [0, 0x7F, 0xFF, 0xFF, 0xFF], contentType: "application/grpc")
        #expect(status == String(StatusCode.resourceExhausted.rawValue))
    }

    /// Writes `bytes` on a new connection (after the HTTP/2 preface when `preface`), expects the
    /// server to close it, and another connection to be served as before.
    static func expectOnlyThatConnectionCloses(
        _ mode: Mode, preface: Bool, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let harness = try Harness.start(mode)
        let raw = try RawH2Client(port: harness.port, preface: preface)
        raw.writeRaw(bytes)
        #expect(raw.waitForClose(), sourceLocation: sourceLocation)
        #expect(try await harness.client().unaryRaw(EchoService.unary, [1]) == [1], sourceLocation: sourceLocation)
        await harness.stop()
    }

    /// The `grpc-status` of an Echo/Unary call with `body` as its framed messages, sent by hand:
    /// from the trailers, or from the headers of a Trailers-Only answer.
    static func unaryStatus(body: [UInt8], contentType: String) async throws -> String? {
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port)
        let response = try raw.response(try raw.request(path: EchoService.unary.path, contentType: contentType, body: body))
        await harness.stop()
        return response.trailers["grpc-status"] ?? response.headers["grpc-status"]
    }

    @Test("JSON mapping: a valid call, invalid JSON, and a wrong content type")
    func json() async throws {
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port)
        let ok = try raw.response(try raw.request(path: HealthAPI.check.name.path, contentType: "application/json", body: Array("{}".utf8)))
        #expect(ok.headers[":status"] == "200")
        let object = try JSONSerialization.jsonObject(with: Data(ok.body)) as? [String: Any]
        #expect(object?["status"] != nil)

        let bad = try raw.response(
            try raw.request(path: HealthAPI.check.name.path, contentType: "application/json", body: Array("{nope".utf8)))
        #expect(bad.headers[":status"] == "400")
        let error = try JSONSerialization.jsonObject(with: Data(bad.body)) as? [String: Any]
        #expect(error?["code"] as? String == "invalid_argument")

        let wrongType = try raw.response(try raw.request(path: HealthAPI.check.name.path, contentType: "text/plain", body: []))
        #expect(wrongType.headers[":status"] == "415")

        let missing = try raw.response(try raw.request(path: "/palisade.x.v1.X/Y", contentType: "application/json", body: Array("{}".utf8)))
        #expect(missing.headers[":status"] == "501")

        // Raw-payload methods have no JSON form.
        let raw2 = try raw.response(try raw.request(path: EchoService.unary.path, contentType: "application/json", body: Array("{}".utf8)))
        #expect(raw2.headers[":status"] == "501")
        await harness.stop()
    }

    @Test("a peer that stops reading does not make the server buffer without bound")
    func stoppedReader() async throws {
        let harness = try Harness.start(.h2c) { $0.shutdownGracePeriod = .milliseconds(200) }
        let before = Self.residentBytes()
        let raw = try RawH2Client(port: harness.port)
        // Ask for 200 MB and never read a byte of it.
        _ = try raw.request(
            path: EchoService.pull.path, contentType: "application/grpc",
            body: MessageFramer.frame(EchoService.pullRequest(count: 200_000, size: 1_000)))
        try await Task.sleep(for: .seconds(1))
        // (That a blocked stream does not make the loop spin is checked in a process of its
        // own by Tests/manual/server-under-pressure.sh: CPU time here includes other tests.)
        let during = Self.residentBytes()
        #expect(during - before < 64 << 20, "server grew by \((during - before) >> 20) MiB")
        // Everyone else is still served.
        #expect(try await harness.client().unaryRaw(EchoService.unary, [4]) == [4])
        await harness.stop()
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
