import PalisadeEcho
import PalisadeHTTP2
import PalisadeRPC
import PalisadeWire
import Testing

/// The server's defences against abusive peers, live over loopback (h2c): Rapid Reset, header
/// floods and bombs, stream id misuse, idle and surplus connections, CPU-bound handlers, flow
/// control. Frame-level abuse is here; calls and connections are in the `+Calls` and
/// `+Connections` files. Serialized: several tests measure time.
@Suite("Server hardening", .serialized)
struct HardeningTests {
    /// A cleartext server whose shutdown does not wait for the streams a test left open.
    static func server(
        services: [any RPCService] = [EchoService(), TestService()],
        _ configure: (inout RPCServerConfiguration) -> Void = { _ in }
    ) throws -> Harness {
        try Harness.start(.h2c, services: services) { configuration in
            configuration.shutdownGracePeriod = .milliseconds(200)
            configure(&configuration)
        }
    }

    /// A connection that sent the client preface by hand (its session's HPACK state is unused).
    static func handMade(_ harness: Harness) throws -> RawH2Client {
        let raw = try RawH2Client(port: harness.port, preface: false)
        raw.writeRaw(RawFrames.clientPreface)
        return raw
    }

    /// The setup of most frame-level tests: a ``server(services:_:)`` and a ``handMade(_:)``
    /// connection to it.
    static func serverAndHandMade() throws -> (Harness, RawH2Client) {
        let harness = try server()
        return (harness, try handMade(harness))
    }

    /// `count` Pull streams (1, 3, 5…), each opened with its request and cancelled at once.
    static func cancelledStreams(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let pull = MessageFramer.frame(EchoService.pullRequest(count: 1, size: 8))
        for i in 0..<count {
            let stream = Int32(1 + 2 * i)
            bytes += RawFrames.headerFrames(stream: stream, block: RawFrames.requestBlock(path: EchoService.pull.path), endStream: false)
            bytes += RawFrames.dataFrame(stream: stream, pull, endStream: false)
            bytes += RawFrames.rstStreamFrame(stream: stream, errorCode: RawFrames.cancel)
        }
        return bytes
    }

    /// The server's answer to abuse: GOAWAY ENHANCE_YOUR_CALM first, then the close.
    static func expectCalmGoAway(_ raw: RawH2Client, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            raw.goAwayCodes.first == RawFrames.enhanceYourCalm, "frames: \(RawFrames.summary(raw.rawFrames))",
            sourceLocation: sourceLocation)
        #expect(raw.closedByServer, sourceLocation: sourceLocation)
    }

    /// The connection is still in good standing: no GOAWAY, not closed.
    static func expectOpen(_ raw: RawH2Client, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(raw.goAwayCodes.isEmpty, sourceLocation: sourceLocation)
        #expect(!raw.closedByServer, sourceLocation: sourceLocation)
    }

    /// A complete Echo/Unary request on `stream`, by hand.
    static func unaryRequest(stream: Int32, _ payload: [UInt8]) -> [UInt8] {
        RawFrames.headerFrames(stream: stream, block: RawFrames.requestBlock(path: EchoService.unary.path), endStream: false)
            + RawFrames.dataFrame(stream: stream, MessageFramer.frame(payload), endStream: true)
    }

    /// Whether `frames` hold the end of the server's answer on `stream` (HEADERS with END_STREAM).
    static func answered(_ stream: Int32, in frames: [RawFrames.Frame]) -> Bool {
        frames.contains { $0.stream == stream && $0.type == RawFrames.headers && $0.flags & RawFrames.endStream != 0 }
    }

    /// HEADERS frames the server sent on `stream`.
    static func headerFrames(on stream: Int32, in frames: [RawFrames.Frame]) -> Int {
        frames.filter { $0.stream == stream && $0.type == RawFrames.headers }.count
    }

    // MARK: Rapid Reset

    @Test("Rapid Reset: 1,000 streams opened and cancelled end in GOAWAY ENHANCE_YOUR_CALM; other connections are served")
    func rapidReset() async throws {
        let harness = try Self.server()
        let client = try harness.client()
        #expect(try await client.unaryRaw(EchoService.unary, [1]) == [1])
        let during = Task {
            var answered = 0
            for i in 0..<20 {
                if try await client.unaryRaw(EchoService.unary, [UInt8(i)]) == [UInt8(i)] { answered += 1 }
            }
            return answered
        }
        let raw = try Self.handMade(harness)
        _ = raw.writeAll(Self.cancelledStreams(1_000), seconds: 1)  // (the server may stop reading once it has decided)
        let frames = raw.readFrames(seconds: 2)
        Self.expectCalmGoAway(raw)
        // The server stopped at the limit instead of processing the whole flood first.
        let lastStream = frames.compactMap(\.goAwayLastStream).first ?? .max
        #expect(lastStream < 1_999)
        #expect(try await during.value == 20)
        #expect(try await client.unaryRaw(EchoService.unary, [2]) == [2])
        #expect(try await harness.client().unaryRaw(EchoService.unary, [3]) == [3])
        await harness.stop()
    }

    @Test("50 streams opened and cancelled are no reason to end the connection")
    func fewResets() async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        #expect(raw.writeAll(Self.cancelledStreams(50) + Self.unaryRequest(stream: 101, [7, 7, 7])))
        let frames = raw.readFrames(seconds: 2) { Self.answered(101, in: $0) }
        let echoed = frames.filter { $0.stream == 101 && $0.type == RawFrames.data }.flatMap(\.payload)
        #expect(echoed == MessageFramer.frame([7, 7, 7]))
        Self.expectOpen(raw)
        await harness.stop()
    }

    // MARK: Header blocks

    @Test("a 20 KiB header (HEADERS + CONTINUATION) is RESOURCE_EXHAUSTED on its stream, then GOAWAY ENHANCE_YOUR_CALM")
    func oversizedHeaders() async throws {
        let harness = try Self.server()
        let raw = try RawH2Client(port: harness.port)
        let id = try raw.request(
            path: EchoService.unary.path, contentType: "application/grpc", body: MessageFramer.frame([1]),
            extra: [H2Header("x-big", String(repeating: "a", count: 20 << 10))])
        let response = try raw.response(id)
        #expect(response.headers["grpc-status"] == String(StatusCode.resourceExhausted.rawValue))
        #expect(response.body.isEmpty)
        #expect(raw.waitForClose(seconds: 2))
        let codes = raw.sessionGoAwayCodes
        #expect(codes.contains(RawFrames.enhanceYourCalm), "GOAWAY codes: \(codes)")
        await harness.stop()
    }

    @Test("the same oversized block framed by hand: answered on its stream, then GOAWAY ENHANCE_YOUR_CALM and close")
    func oversizedHeadersByHand() async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        let block = RawFrames.requestBlock(path: EchoService.unary.path, extra: [("x-big", String(repeating: "a", count: 20 << 10))])
        let frames = RawFrames.headerFrames(stream: 1, block: block, endStream: false)
        #expect(frames.count > block.count + 9)  // split: HEADERS and at least one CONTINUATION
        #expect(raw.writeAll(frames + RawFrames.dataFrame(stream: 1, MessageFramer.frame([1]), endStream: true)))
        let read = raw.readFrames(seconds: 2)
        #expect(Self.answered(1, in: read))
        #expect(raw.goAwayCodes.contains(RawFrames.enhanceYourCalm), "frames: \(RawFrames.summary(raw.rawFrames))")
        #expect(raw.closedByServer)
        await harness.stop()
    }

    @Test("an HPACK bomb (a 4,000-byte field indexed once, referenced 5,000 times) ends in GOAWAY ENHANCE_YOUR_CALM at once")
    func hpackBomb() async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        var block = RawFrames.requestBlock(path: EchoService.unary.path)
        block += RawFrames.literalIndexing("x-bomb", String(repeating: "b", count: 4_000))
        for _ in 0..<5_000 { block += RawFrames.indexed(62) }
        #expect(block.count < 16_384)  // one HEADERS frame decoding to ~20 MB
        let started = ContinuousClock.now
        #expect(raw.writeAll(RawFrames.headerFrames(stream: 1, block: block, endStream: true)))
        let frames = raw.readFrames(seconds: 2)
        let elapsed = ContinuousClock.now - started
        Self.expectCalmGoAway(raw)
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
        #expect(Self.headerFrames(on: 1, in: frames) == 0)
        #expect(try await harness.client().unaryRaw(EchoService.unary, [5]) == [5])
        await harness.stop()
    }

    @Test("a header block that never completes gets no answer on its stream", arguments: [false, true])
    func unfinishedHeaderBlock(oversized: Bool) async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        var block = RawFrames.requestBlock(path: EchoService.unary.path)
        // 600 fields of 36 counted bytes each: past the 16 KiB limit (not past 4x), in 4 KiB.
        if oversized { for _ in 0..<600 { block += RawFrames.literal("x-f", "v") } }
        #expect(raw.writeAll(RawFrames.headerFrames(stream: 1, block: block, endStream: true, endHeaders: false)))
        raw.readFrames(seconds: 0.3)
        raw.shutdownWrite()
        let frames = raw.readFrames(seconds: 1)
        #expect(Self.headerFrames(on: 1, in: frames) == 0)
        #expect(raw.closedByServer)
        await harness.stop()
    }

    // MARK: Stream ids

    @Test("HEADERS on a lower stream id never opened (5 after 7) is GOAWAY PROTOCOL_ERROR")
    func lowerStreamID() async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        #expect(raw.writeAll(Self.unaryRequest(stream: 7, [1])))
        raw.readFrames(seconds: 2) { Self.answered(7, in: $0) }
        #expect(Self.answered(7, in: raw.rawFrames))
        #expect(raw.goAwayCodes.isEmpty)
        #expect(raw.writeAll(Self.unaryRequest(stream: 5, [2])))
        let frames = raw.readFrames(seconds: 2)
        #expect(raw.goAwayCodes == [RawFrames.protocolError])
        #expect(frames.compactMap(\.goAwayLastStream).first == 7)
        #expect(Self.headerFrames(on: 5, in: frames) == 0)
        #expect(raw.closedByServer)
        await harness.stop()
    }

    @Test("stream ids 1, 3, 5 (and 1, 5, 9, skipping some) are served")
    func increasingStreamIDs() async throws {
        let harness = try Self.server()
        let raw = try RawH2Client(port: harness.port)
        var ids: [Int32] = []
        for i in 0..<3 {
            ids.append(
                try raw.request(path: EchoService.unary.path, contentType: "application/grpc", body: MessageFramer.frame([UInt8(i)])))
        }
        #expect(ids == [1, 3, 5])
        for (i, id) in ids.enumerated() {
            let response = try raw.response(id)
            #expect(response.trailers["grpc-status"] == "0")
            #expect(response.body == MessageFramer.frame([UInt8(i)]))
        }
        #expect(raw.sessionGoAwayCodes.isEmpty)

        let skipping = try Self.handMade(harness)
        for stream: Int32 in [1, 5, 9] {
            #expect(skipping.writeAll(Self.unaryRequest(stream: stream, [UInt8(stream)])))
            skipping.readFrames(seconds: 2) { Self.answered(stream, in: $0) }
            #expect(Self.answered(stream, in: skipping.rawFrames))
        }
        Self.expectOpen(skipping)
        await harness.stop()
    }

    // MARK: Floods

    @Test("a CONTINUATION flood ends in GOAWAY ENHANCE_YOUR_CALM before the close")
    func continuationFlood() async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        // A 10,000-byte value sent one byte per CONTINUATION frame: valid HPACK, absurd framing.
        let value = [UInt8](repeating: UInt8(ascii: "c"), count: 10_000)
        let opening =
            RawFrames.requestBlock(path: EchoService.unary.path) + [0x00] + RawFrames.string("x-pad")
            + RawFrames.integer(value.count, prefixBits: 7, pattern: 0)
        var flood = RawFrames.headerFrames(stream: 1, block: opening, endStream: true, endHeaders: false)
        for (i, byte) in value.enumerated() {
            flood += RawFrames.continuationFrame(stream: 1, fragment: [byte], endHeaders: i == value.count - 1)
        }
        _ = raw.writeAll(flood, seconds: 1)
        let frames = raw.readFrames(seconds: 2)
        Self.expectCalmGoAway(raw)
        #expect(Self.headerFrames(on: 1, in: frames) == 0)
        #expect(try await harness.client().unaryRaw(EchoService.unary, [6]) == [6])
        await harness.stop()
    }

    @Test("a PING or SETTINGS flood from a peer that does not read ends in GOAWAY ENHANCE_YOUR_CALM", arguments: ["PING", "SETTINGS"])
    func ackFlood(kind: String) async throws {
        let (harness, raw) = try Self.serverAndHandMade()
        let one = kind == "PING" ? RawFrames.pingFrame(42) : RawFrames.frame(type: RawFrames.settings, flags: 0, stream: 0, payload: [])
        let flood = Array([[UInt8]](repeating: one, count: 20_000).joined())
        _ = raw.writeAll(flood, seconds: 1)
        raw.readFrames(seconds: 2)
        Self.expectCalmGoAway(raw)
        #expect(try await harness.client().unaryRaw(EchoService.unary, [8]) == [8])
        await harness.stop()
    }
}
