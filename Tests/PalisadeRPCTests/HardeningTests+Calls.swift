import PalisadeEcho
import PalisadeHTTP2
import PalisadeRPC
import PalisadeWire
import Testing

/// Calls: deadlines checked before any handler runs, handlers off the event loop, and
/// flow-control credit held for unfinished messages.
extension HardeningTests {
    // MARK: Deadlines (Protocol/README.md §4)

    @Test("an invalid deadline header is INTERNAL in Trailers-Only, and the handler never runs", arguments: [
        ("grpc-timeout", "1x"), ("grpc-timeout", "-5S"), ("grpc-timeout", "123456789S"), ("grpc-timeout", "5"),
        ("connect-timeout-ms", "abc"),
    ])
    func invalidDeadline(header: String, value: String) async throws {
        let probe = Probe()
        let harness = try Self.server(services: [TestService(probe: probe)])
        let raw = try RawH2Client(port: harness.port)
        let id = try raw.request(path: TestService.slow.path, contentType: "application/grpc",
                                 body: MessageFramer.frame(EchoService.millis(0)), extra: [H2Header(header, value)])
        let response = try raw.response(id)
        #expect(response.headers[":status"] == "200")
        #expect(response.headers["grpc-status"] == String(StatusCode.internalError.rawValue))
        #expect(response.trailers.isEmpty)  // Trailers-Only
        #expect(response.body.isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        #expect(!probe.all.contains("slow-started"))

        // The same call with a valid deadline runs (the probe does see handlers).
        let valid = try raw.request(path: TestService.slow.path, contentType: "application/grpc",
                                    body: MessageFramer.frame(EchoService.millis(0)),
                                    extra: [H2Header(header, header == "grpc-timeout" ? "5S" : "5000")])
        #expect(try raw.response(valid).trailers["grpc-status"] == "0")
        #expect(probe.all.contains("slow-started"))
        await harness.stop()
    }

    @Test("grpc-timeout 0n is DEADLINE_EXCEEDED before the handler runs, unary and streaming alike",
          arguments: ["Echo/Unary", "Echo/Pull", "Test/Slow"])
    func expiredDeadline(method: String) async throws {
        let probe = Probe()
        let harness = try Self.server(services: [EchoService(), TestService(probe: probe)])
        let raw = try RawH2Client(port: harness.port)
        let (path, request): (String, [UInt8]) = switch method {
        case "Echo/Unary": (EchoService.unary.path, [1, 2, 3])
        case "Echo/Pull": (EchoService.pull.path, EchoService.pullRequest(count: 3, size: 8))
        default: (TestService.slow.path, EchoService.millis(0))
        }
        let id = try raw.request(path: path, contentType: "application/grpc", body: MessageFramer.frame(request),
                                 extra: [H2Header("grpc-timeout", "0n")])
        let response = try raw.response(id)
        let status = response.trailers["grpc-status"] ?? response.headers["grpc-status"]
        #expect(status == String(StatusCode.deadlineExceeded.rawValue))
        #expect(response.body.isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        #expect(!probe.all.contains("slow-started"))

        // A deadline that leaves time is no obstacle.
        let valid = try raw.request(path: path, contentType: "application/grpc", body: MessageFramer.frame(request),
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

    @Test("credit for unfinished messages is never returned: the advertised windows bound what a peer makes us hold")
    func unfinishedMessagesHoldCredit() async throws {
        let harness = try Self.server()
        let raw = try Self.handMade(harness)
        // The server's windows, as it advertised them: SETTINGS, then WINDOW_UPDATE on stream 0.
        let advertised = raw.readFrames(seconds: 1) { frames in
            frames.contains { $0.type == RawFrames.windowUpdate && $0.stream == 0 }
        }
        // Acknowledged, so that the server applies its SETTINGS (RFC 9113 §6.5.3), and two calls.
        raw.writeRaw(RawFrames.frame(type: RawFrames.settings, flags: RawFrames.ack, stream: 0, payload: [])
            + RawFrames.headerFrames(stream: 1, block: RawFrames.requestBlock(path: EchoService.unary.path), endStream: false)
            + RawFrames.headerFrames(stream: 3, block: RawFrames.requestBlock(path: EchoService.unary.path), endStream: false))
        let settings = advertised.first { $0.type == RawFrames.settings && $0.flags & RawFrames.ack == 0 }
        let streamWindow = Int(settings?.setting(RawFrames.settingsInitialWindowSize) ?? 65_535)
        var connectionWindow = 65_535
        for frame in advertised where frame.stream == 0 { connectionWindow += Int(frame.windowIncrement ?? 0) }
        let largest = (4 << 20) + 5
        #expect(streamWindow >= largest)
        #expect(connectionWindow >= 2 * largest)

        // Two messages announcing 4,000,000 bytes, each sent one byte short, within the windows.
        let announced = 4_000_000
        let message = [0] + RawFrames.bigEndian(UInt32(announced)) + [UInt8](repeating: 0x5a, count: announced)
        var data: [UInt8] = []
        var sent: [Int32: Int] = [:]
        for stream: Int32 in [1, 3] {
            let allowed = min(message.count - 1, streamWindow, connectionWindow)
            var offset = 0
            while offset < allowed {
                let end = min(allowed, offset + 16_384)
                data += RawFrames.dataFrame(stream: stream, Array(message[offset..<end]), endStream: false)
                offset = end
            }
            connectionWindow -= allowed
            sent[stream] = allowed
        }
        #expect(sent[3] == message.count - 1)
        let before = raw.rawFrames.count
        #expect(raw.writeAll(data, seconds: 2))
        raw.readFrames(seconds: 0.5)
        let later = Array(raw.rawFrames[before...])
        let streamCredit = later.filter { $0.type == RawFrames.windowUpdate && $0.stream != 0 }
        let connectionCredit = later.filter { $0.type == RawFrames.windowUpdate && $0.stream == 0 }
        #expect(streamCredit.isEmpty, "stream credit: \(streamCredit)")
        #expect(connectionCredit.isEmpty, "connection credit: \(connectionCredit)")
        #expect(Self.headerFrames(on: 1, in: later) == 0)
        let resets = later.filter { $0.type == RawFrames.rstStream }
        #expect(resets.isEmpty, "resets: \(resets)")
        #expect(raw.goAwayCodes.isEmpty)
        #expect(!raw.closedByServer)

        // The last byte completes stream 1's message: the handler gets it and answers.
        #expect(raw.writeAll(RawFrames.dataFrame(stream: 1, [message[message.count - 1]], endStream: true)))
        raw.readFrames(seconds: 2) { Self.headerFrames(on: 1, in: $0) > 0 }
        #expect(Self.headerFrames(on: 1, in: raw.rawFrames) > 0)
        #expect(Self.headerFrames(on: 3, in: raw.rawFrames) == 0)
        await harness.stop()
    }

    @Test("a complete 4 MiB Unary call still succeeds: the windows fit a largest message")
    func largestMessage() async throws {
        let harness = try Self.server()
        var payload = [UInt8](repeating: 0x5a, count: 4 << 20)
        payload[0] = 1
        payload[payload.count - 1] = 2
        // (The deadline only bounds a stall: held credit with windows too small would be one.)
        let echoed = try await harness.client().unaryRaw(EchoService.unary, payload, options: CallOptions(timeout: .seconds(3)))
        #expect(echoed == payload)
        await harness.stop()
    }
}

/// A handler that computes without awaiting, for the handler-execution test.
private struct SpinService: RPCService {
    static let spin = RPCMethod(service: "palisade.test.v1.Hardening", method: "Spin", kind: .unary)

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
            },
        ]
    }
}
