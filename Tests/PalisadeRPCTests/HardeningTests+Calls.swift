import PalisadeEcho
import PalisadeHTTP2
import PalisadeRPC
import PalisadeWire
import Testing

/// Calls: deadlines checked before any handler runs, handlers off the event loop, and
/// flow-control credit held for unfinished messages.
extension HardeningTests {
    // MARK: Deadlines (Protocol/README.md §4)

    @Test(
        "an invalid deadline header is INTERNAL in Trailers-Only, and the handler never runs",
        arguments: [
            ("grpc-timeout", "1x"), ("grpc-timeout", "-5S"), ("grpc-timeout", "123456789S"), ("grpc-timeout", "5"),
            ("connect-timeout-ms", "abc"),
        ])
    func invalidDeadline(header: String, value: String) async throws {
        let probe = Probe()
        let harness = try Self.server(services: [TestService(probe: probe)])
        let raw = try RawH2Client(port: harness.port)
        let id = try raw.request(
            path: TestService.slow.path, contentType: "application/grpc",
            body: MessageFramer.frame(EchoService.millis(0)), extra: [H2Header(header, value)])
        let response = try raw.response(id)
        #expect(response.headers[":status"] == "200")
        #expect(response.headers["grpc-status"] == String(StatusCode.internalError.rawValue))
        #expect(response.trailers.isEmpty)  // Trailers-Only
        #expect(response.body.isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        #expect(!probe.all.contains("slow-started"))

        // The same call with a valid deadline runs (the probe does see handlers).
        let valid = try raw.request(
            path: TestService.slow.path, contentType: "application/grpc",
            body: MessageFramer.frame(EchoService.millis(0)),
            extra: [H2Header(header, header == "grpc-timeout" ? "5S" : "5000")])
        #expect(try raw.response(valid).trailers["grpc-status"] == "0")
        #expect(probe.all.contains("slow-started"))
        await harness.stop()
    }

    @Test(
        "grpc-timeout 0n is DEADLINE_EXCEEDED before the handler runs, unary and streaming alike",
        arguments: ["Echo/Unary", "Echo/Pull", "Test/Slow"])
    func expiredDeadline(method: String) async throws {
        let probe = Probe()
        let harness = try Self.server(services: [EchoService(), TestService(probe: probe)])
        let raw = try RawH2Client(port: harness.port)
        let (path, request): (String, [UInt8]) =
            switch method {
            case "Echo/Unary": (EchoService.unary.path, [1, 2, 3])
            case "Echo/Pull": (EchoService.pull.path, EchoService.pullRequest(count: 3, size: 8))
            default: (TestService.slow.path, EchoService.millis(0))
            }
        let id = try raw.request(
            path: path, contentType: "application/grpc", body: MessageFramer.frame(request),
            extra: [H2Header("grpc-timeout", "0n")])
        let response = try raw.response(id)
        let status = response.trailers["grpc-status"] ?? response.headers["grpc-status"]
        #expect(status == String(StatusCode.deadlineExceeded.rawValue))
        #expect(response.body.isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        #expect(!probe.all.contains("slow-started"))

        // A deadline that leaves time is no obstacle.
        let valid = try raw.request(
            path: path, contentType: "application/grpc", body: MessageFramer.frame(request),
            extra: [H2Header("grpc-timeout", "5S")])
        let answer = try raw.response(valid)
        #expect(answer.trailers["grpc-status"] == "0")
        #expect(!answer.body.isEmpty)
        await harness.stop()
    }

    // MARK: Handler execution

    @Test("handlers run on the global pool by default: one computing for 1 s holds up no other connection")
    func cpuBoundHandler() async throws {
        #expect(RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext).handlerExecution == .globalPool)
        let probe = Probe()
        let harness = try Self.server(services: [EchoService(), SpinService(probe: probe)]) { $0.eventLoopCount = 1 }
        let spinner = try harness.client(), other = try harness.client()
        #expect(try await other.unaryRaw(EchoService.unary, [1]) == [1])  // connected before the spin
        let spin = Task { try await spinner.unaryRaw(SpinService.spin, EchoService.millis(1_000)) }
        #expect(await probe.wait(for: "spin-started"))
        let started = ContinuousClock.now
        let echoed = try await other.unaryRaw(EchoService.unary, [2])
        let elapsed = ContinuousClock.now - started
        #expect(echoed == [2])
        #expect(elapsed < .milliseconds(200), "took \(elapsed)")
        #expect(!probe.all.contains("spin-finished"))  // it really overlapped the spin
        let spun = try await spin.value
        #expect(spun.count == 8)
        await harness.stop()
    }

    // MARK: Flow control

    @Test("unfinished messages pin at most connectionInboundLimit: the call that goes past it is RESOURCE_EXHAUSTED, the others go on")
    func unfinishedMessagesAreBounded() async throws {
        let harness = try Self.server { $0.connectionInboundLimit = 6 << 20 }
        let raw = try RawH2Client(port: harness.port)
        let announced = 4_000_000
        let message = [0] + RawFrames.bigEndian(UInt32(announced)) + [UInt8](repeating: 0x5a, count: announced)
        func open() throws -> Int32 {
            try raw.session.submitRequest(
                headers: [
                    H2Header(":method", "POST"), H2Header(":scheme", "http"), H2Header(":path", EchoService.unary.path),
                    H2Header(":authority", "localhost"), H2Header("te", "trailers"), H2Header("content-type", "application/grpc"),
                ], endStream: false)
        }
        // 3,000,000 bytes of the first message: held by the server, under the limit.
        let first = try open()
        try raw.session.sendData(streamID: first, Array(message[0..<3_000_000]))
        try raw.flush()
        try? raw.pump(seconds: 1) { raw.session.pendingOutboundBytes(streamID: first) == 0 }
        #expect(raw.session.pendingOutboundBytes(streamID: first) == 0)
        // 3,500,000 of a second: 6.5 MB in all is past 6 MiB, so this call is refused.
        let second = try open()
        try raw.session.sendData(streamID: second, Array(message[0..<3_500_000]))
        try raw.flush()
        let refused = try raw.response(second)
        let status = refused.trailers["grpc-status"] ?? refused.headers["grpc-status"]
        #expect(status == String(StatusCode.resourceExhausted.rawValue))
        // The first goes on: its last bytes complete it, and it is echoed.
        try raw.session.sendData(streamID: first, Array(message[3_000_000...]))
        try raw.session.finish(streamID: first, trailers: nil)
        try raw.flush()
        // Read as a client does (taking what arrives), or the 4 MB answer stalls on our window.
        try raw.pump(seconds: 5) {
            raw.session.consume(streamID: first, count: Int.max)
            return !raw.session.isStreamOpen(first)
        }
        let answered = try raw.response(first)
        #expect(answered.trailers["grpc-status"] == "0")
        #expect(answered.body.count == message.count)
        #expect(!raw.closedByServer)
        await harness.stop()
    }

    @Test("a complete 4 MiB Unary call still succeeds: a largest message always fits the connection allowance")
    func largestMessage() async throws {
        let harness = try Self.server()
        var payload = [UInt8](repeating: 0x5a, count: 4 << 20)
        payload[0] = 1
        payload[payload.count - 1] = 2
        // (The deadline only bounds a stall, such as credit held back for an unfinished message.)
        let echoed = try await harness.client().unaryRaw(EchoService.unary, payload, options: CallOptions(timeout: .seconds(3)))
        #expect(echoed == payload)
        await harness.stop()
    }
}

/// A handler that computes without awaiting, for the handler-execution test.
private struct SpinService: RPCService {
    static let spin = RPCMethodName(service: "palisade.test.v1.Hardening", method: "Spin", kind: .unary)

    let probe: Probe

    var routes: [RPCRoute] {
        [
            // Spins for the requested milliseconds (8 bytes LE); answers how many turns it made.
            .unaryRaw(Self.spin, allow: nil) { [probe] request, _ in
                probe.record("spin-started")
                let end = ContinuousClock.now.advanced(by: .milliseconds(Int64(EchoService.decodeCount(request) ?? 0)))
                var turns: UInt64 = 0
                while ContinuousClock.now < end { turns &+= 1 }
                probe.record("spin-finished")
                return EchoService.millis(turns)
            }
        ]
    }
}
