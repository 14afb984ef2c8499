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
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port, preface: false)
        raw.writeRaw(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(raw.waitForClose())
        #expect(try await harness.client().unaryRaw(EchoService.unary, [1]) == [1])
        await harness.stop()
    }

    @Test("garbage instead of a TLS ClientHello closes that connection only")
    func garbageClientHello() async throws {
        let harness = try Harness.start(.tls)
        let raw = try RawH2Client(port: harness.port, preface: false)
        raw.writeRaw((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        #expect(raw.waitForClose())
        #expect(try await harness.client().unaryRaw(EchoService.unary, [2]) == [2])
        await harness.stop()
    }

    @Test("malformed HTTP/2 frames close that connection only")
    func malformedFrames() async throws {
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port)
        // A DATA frame on stream 0 (forbidden), then a frame claiming 16 MiB of payload.
        raw.writeRaw([0, 0, 4, 0x0, 0x0, 0, 0, 0, 0, 1, 2, 3, 4])
        raw.writeRaw([0xFF, 0xFF, 0xFF, 0x0, 0x0, 0, 0, 0, 1])
        #expect(raw.waitForClose())
        #expect(try await harness.client().unaryRaw(EchoService.unary, [3]) == [3])
        await harness.stop()
    }

    @Test("a truncated message is INTERNAL, not a hang or a crash")
    func truncatedMessage() async throws {
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port)
        let id = try raw.request(
            path: EchoService.unary.path, contentType: "application/grpc+palisade",
            body: [0, 0, 0, 0, 100] + [UInt8](repeating: 9, count: 10))
        let response = try raw.response(id)
        #expect(
            response.trailers["grpc-status"] == String(StatusCode.internalError.rawValue)
                || response.headers["grpc-status"] == String(StatusCode.internalError.rawValue))
        await harness.stop()
    }

    @Test("a length prefix over the limit is refused before the body arrives")
    func hugePrefix() async throws {
        let harness = try Harness.start(.h2c)
        let raw = try RawH2Client(port: harness.port)
        let id = try raw.request(
            path: EchoService.unary.path, contentType: "application/grpc",
            body: [0, 0x7F, 0xFF, 0xFF, 0xFF])
        let response = try raw.response(id)
        let status = response.trailers["grpc-status"] ?? response.headers["grpc-status"]
        #expect(status == String(StatusCode.resourceExhausted.rawValue))
        await harness.stop()
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
