import PalisadeEcho
import PalisadeHTTP2
import PalisadeRPC
import PalisadeWire
import Testing

/// Connections: the idle and first-request timeouts, and the connection cap with eviction.
extension HardeningTests {
    /// Makes one Echo/Unary call on `raw`'s session; true when it succeeded.
    static func echo(_ raw: RawH2Client, _ payload: [UInt8]) throws -> Bool {
        let id = try raw.request(path: EchoService.unary.path, contentType: "application/grpc", body: MessageFramer.frame(payload))
        let response = try raw.response(id)
        return response.trailers["grpc-status"] == "0" && response.body == MessageFramer.frame(payload)
    }

    /// Whether every GOAWAY `raw`'s session saw was NO_ERROR (and there was one).
    static func goneAwayGracefully(_ raw: RawH2Client) -> Bool {
        let codes = raw.sessionGoAwayCodes
        return !codes.isEmpty && codes.allSatisfy { $0 == RawFrames.noError }
    }

    // MARK: Idle timeouts

    @Test(
        "a connection idle for idleTimeout after a call is closed with GOAWAY NO_ERROR",
        arguments: [false, true])
    func idleTimeout(shortFirstRequestTimeout: Bool) async throws {
        let harness = try Self.server { configuration in
            configuration.idleTimeout = .milliseconds(300)
            if shortFirstRequestTimeout { configuration.firstRequestTimeout = .milliseconds(300) }
        }
        let raw = try RawH2Client(port: harness.port)
        #expect(try Self.echo(raw, [1]))
        let idleSince = ContinuousClock.now
        let closed = raw.waitForClose(seconds: 1.5)
        let elapsed = ContinuousClock.now - idleSince
        #expect(elapsed >= .milliseconds(250), "closed after \(elapsed)")
        #expect(closed, "still open \(elapsed) after its call (idleTimeout 300 ms)")
        #expect(Self.goneAwayGracefully(raw), "GOAWAY codes: \(raw.sessionGoAwayCodes)")
        await harness.stop()
    }

    @Test("a connection that sends only the preface is closed after firstRequestTimeout, with GOAWAY NO_ERROR")
    func firstRequestTimeout() async throws {
        let harness = try Self.server { $0.firstRequestTimeout = .milliseconds(300) }
        let started = ContinuousClock.now
        let raw = try RawH2Client(port: harness.port)
        let closed = raw.waitForClose(seconds: 1.5)
        let elapsed = ContinuousClock.now - started
        #expect(closed)
        #expect(elapsed >= .milliseconds(250), "closed after \(elapsed)")
        #expect(elapsed < .milliseconds(1_000), "closed after \(elapsed)")
        #expect(Self.goneAwayGracefully(raw), "GOAWAY codes: \(raw.sessionGoAwayCodes)")
        await harness.stop()
    }

    @Test("a connection with a call every 50 ms is never closed as idle")
    func activeConnectionStays() async throws {
        let harness = try Self.server { configuration in
            configuration.idleTimeout = .milliseconds(300)
            configuration.firstRequestTimeout = .milliseconds(300)
        }
        let raw = try RawH2Client(port: harness.port)
        var succeeded = 0
        for i in 0..<20 {  // about a second: three idle timeouts' worth
            if try Self.echo(raw, [UInt8(i)]) { succeeded += 1 }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(succeeded == 20)
        #expect(!raw.closedByServer)
        #expect(raw.sessionGoAwayCodes.isEmpty)
        await harness.stop()
    }

    // MARK: Connection cap

    /// A raw connection whose preface the server has answered (so it is registered there).
    static func registeredConnection(_ harness: Harness) throws -> RawH2Client {
        let raw = try RawH2Client(port: harness.port)
        try raw.pump(seconds: 2) { !raw.events.isEmpty }
        return raw
    }

    /// How many of `connections` the server closes within `seconds`.
    static func closedCount(_ connections: [RawH2Client], within seconds: Double) throws -> Int {
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while ContinuousClock.now < end {
            for raw in connections where !raw.closedByServer { try raw.pump(seconds: 0.02) { raw.closedByServer } }
        }
        return connections.filter(\.closedByServer).count
    }

    @Test("at the connection cap, a new connection evicts an idle one (GOAWAY NO_ERROR) and is served")
    func capEvictsIdle() async throws {
        let harness = try Self.server { $0.maxConnections = 3 }
        var idle: [RawH2Client] = []
        for _ in 0..<3 { idle.append(try Self.registeredConnection(harness)) }
        #expect(try await harness.client().unaryRaw(EchoService.unary, [9]) == [9])
        #expect(try Self.closedCount(idle, within: 0.5) == 1)
        let evicted = idle.filter(\.closedByServer)
        #expect(evicted.count == 1)
        if let evicted = evicted.first {
            #expect(Self.goneAwayGracefully(evicted), "GOAWAY codes: \(evicted.sessionGoAwayCodes)")
        }
        await harness.stop()
    }

    @Test("at the connection cap with every connection busy, a new connection is closed at once")
    func capRefusesWhenBusy() async throws {
        let harness = try Self.server { $0.maxConnections = 3 }
        var busy: [(raw: RawH2Client, stream: Int32)] = []
        for i in 0..<3 {
            let raw = try Self.registeredConnection(harness)
            // A Chat call that stays open: the connection is busy while it lasts.
            let stream = try raw.session.submitRequest(
                headers: [
                    H2Header(":method", "POST"), H2Header(":scheme", "http"), H2Header(":path", EchoService.chat.path),
                    H2Header(":authority", "localhost"), H2Header("te", "trailers"), H2Header("content-type", "application/grpc"),
                ], endStream: false)
            try raw.session.sendData(streamID: stream, MessageFramer.frame([UInt8(i)]))
            try raw.flush()
            try raw.pump(seconds: 2) { Self.dataCount(raw, stream) > 0 }
            #expect(Self.dataCount(raw, stream) > 0)
            busy.append((raw, stream))
        }
        let started = ContinuousClock.now
        let fourth = try RawH2Client(port: harness.port)
        let closed = fourth.waitForClose(seconds: 1)
        let elapsed = ContinuousClock.now - started
        #expect(closed)
        #expect(elapsed < .milliseconds(500), "closed after \(elapsed)")
        #expect(fourth.events.isEmpty)  // not even SETTINGS: it was never served

        // The busy ones were left alone: their calls still answer.
        for (i, entry) in busy.enumerated() {
            try entry.raw.session.sendData(streamID: entry.stream, MessageFramer.frame([UInt8(10 + i)]))
            try entry.raw.flush()
            try entry.raw.pump(seconds: 2) { Self.dataCount(entry.raw, entry.stream) > 1 }
            #expect(Self.dataCount(entry.raw, entry.stream) > 1)
            #expect(!entry.raw.closedByServer)
        }
        await harness.stop()
    }

    /// DATA events on `stream` of `raw`'s session so far.
    static func dataCount(_ raw: RawH2Client, _ stream: Int32) -> Int {
        raw.events.filter { event in
            if case .data(stream, _) = event { return true } else { return false }
        }.count
    }
}
