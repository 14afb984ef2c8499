import PalisadeHTTP2
import Testing

@Suite("Streaming and flow control")
struct StreamingTests {
    @Test("10,000 small messages each way on one stream arrive byte-exact")
    func tenThousandMessages() throws {
        let (client, server) = try connectedPair()
        let expected = (0..<10_000).flatMap(message)
        let id = try client.submitRequest(headers: grpcRequest(path: "/palisade.Echo/Bidi"), endStream: false)

        var serverReceived: [UInt8] = []
        var serverSawEnd = false
        let onServer: (H2Event) throws -> Void = { event in
            switch event {
            case .data(id, let bytes):
                serverReceived += bytes
                server.consume(streamID: id, count: bytes.count)
            case .endStream(id): serverSawEnd = true
            default: break
            }
        }
        for batch in stride(from: 0, to: 10_000, by: 250) {
            for index in batch..<(batch + 250) { try client.sendData(streamID: id, message(index)) }
            try converse(client, server, server: onServer)
        }
        try client.finish(streamID: id, trailers: nil)
        try converse(client, server, server: onServer)
        #expect(serverSawEnd)
        #expect(serverReceived == expected)

        var clientReceived: [UInt8] = []
        var clientTrailers: [H2Header] = []
        let onClient: (H2Event) throws -> Void = { event in
            switch event {
            case .data(id, let bytes):
                clientReceived += bytes
                client.consume(streamID: id, count: bytes.count)
            case .headers(id, let fields, .trailers, true): clientTrailers = fields
            default: break
            }
        }
        try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
        for batch in stride(from: 0, to: 10_000, by: 250) {
            for index in batch..<(batch + 250) { try server.sendData(streamID: id, message(index)) }
            try converse(client, server, client: onClient)
        }
        try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
        try converse(client, server, client: onClient)
        #expect(clientReceived == expected)
        #expect(clientTrailers == [H2Header("grpc-status", "0")])
        #expect(!client.isStreamOpen(id))
        #expect(!server.isStreamOpen(id))
    }

    @Test("Without consume the sender stops at the stream window; after consume the rest flows")
    func backPressure() throws {
        var serverSettings = H2Session.Settings()
        serverSettings.initialWindowSize = 65_535
        let (client, server) = try connectedPair(server: serverSettings)
        let payload = (0..<(256 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let id = try sendRequest(client, body: payload)

        var received: [UInt8] = []
        var unconsumed = 0
        let collect: (H2Event) -> Void = { event in
            if case .data(id, let bytes) = event {
                received += bytes
                unconsumed += bytes.count
            }
        }
        try converse(client, server, server: collect)
        #expect(received.count <= 65_535)
        #expect(received.count > 0)
        #expect(client.pendingOutboundBytes(streamID: id) > 0)
        #expect(client.pendingOutboundBytes(streamID: id) >= payload.count - 65_535)

        var rounds = 0
        while received.count < payload.count {
            rounds += 1
            try #require(rounds < 100, "no progress after consume")
            server.consume(streamID: id, count: unconsumed)
            unconsumed = 0
            try converse(client, server, server: collect)
            #expect(unconsumed <= 65_535)
        }
        #expect(received == payload)
        #expect(client.pendingOutboundBytes(streamID: id) == 0)
    }

    @Test("outboundDrained is reported once the queue falls to the low-water mark, before it is empty")
    func lowWaterMark() throws {
        var clientSettings = H2Session.Settings()
        clientSettings.outboundLowWater = 32 << 10
        var serverSettings = H2Session.Settings()
        serverSettings.initialWindowSize = 16_384
        let (client, server) = try connectedPair(client: clientSettings, server: serverSettings)
        let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: id, [UInt8](repeating: 7, count: 64 << 10))
        // One window per round: the queue goes 64 → 48 → 32 KiB, where the event comes, then on.
        var pending: [Int] = []
        var drainedAt: [Int] = []
        for _ in 0..<4 {
            try pump(client, server)
            pending.append(client.pendingOutboundBytes(streamID: id))
            if client.takeEvents().contains(where: { if case .outboundDrained(id) = $0 { true } else { false } }) {
                drainedAt.append(pending.last ?? -1)
            }
            for event in server.takeEvents() {
                if case .data(id, let bytes) = event { server.consume(streamID: id, count: bytes.count) }
            }
        }
        #expect(pending == [48 << 10, 32 << 10, 16 << 10, 0])
        #expect(drainedAt == [32 << 10])
    }

    @Test("reportWhenDrained: one outboundDrained once a queue below the low-water mark is empty")
    func drainedWhenEmpty() throws {
        let (client, server) = try connectedPair()
        let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: id, [UInt8](repeating: 7, count: 900))
        client.reportWhenDrained(streamID: id)
        try pump(client, server)
        let drained = client.takeEvents().filter { if case .outboundDrained(id) = $0 { true } else { false } }
        #expect(drained.count == 1 && client.pendingOutboundBytes(streamID: id) == 0)
        // Once: more data, drained again, no second event unless asked again.
        try client.sendData(streamID: id, [UInt8](repeating: 8, count: 900))
        try pump(client, server)
        let again = client.takeEvents().filter { if case .outboundDrained(id) = $0 { true } else { false } }
        #expect(again.isEmpty)
    }

    @Test("Client reset reaches the server as streamClosed with CANCEL")
    func clientReset() throws {
        let (client, server) = try connectedPair()
        let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: id, message(3))
        try pump(client, server)
        #expect(server.isStreamOpen(id))
        _ = server.takeEvents()

        client.resetStream(id, errorCode: 8)
        try pump(client, server)
        #expect(server.takeEvents().compactMap(\.streamClosedCode).map(\.1) == [8])
        #expect(client.takeEvents().compactMap(\.streamClosedCode).map(\.1) == [8])
        #expect(!server.isStreamOpen(id))
        #expect(!client.isStreamOpen(id))
        #expect(throws: H2Error.self) { try client.sendData(streamID: id, [1]) }
    }

    @Test("Reset before the HEADERS left: the stream is reported closed with our code")
    func resetBeforeSend() throws {
        let (client, server) = try connectedPair()
        let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
        client.resetStream(id, errorCode: 8)
        try pump(client, server)
        #expect(client.takeEvents().compactMap(\.streamClosedCode).map(\.1) == [8])
        #expect(client.activeStreamCount == 0)
    }

    @Test("1,000 requests on one connection within the peer's concurrent-stream limit")
    func thousandRequests() throws {
        var serverSettings = H2Session.Settings()
        serverSettings.maxConcurrentStreams = 10
        let (client, server) = try connectedPair(server: serverSettings)
        #expect(client.remoteMaxConcurrentStreams == 10)

        var submitted = 0
        var succeeded = 0
        var failures: [UInt32] = []
        var peak = 0
        let onServer: (H2Event) throws -> Void = { event in
            switch event {
            case .data(let id, let bytes): server.consume(streamID: id, count: bytes.count)
            case .endStream(let id):
                try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
                try server.sendData(streamID: id, message(Int(id)))
                try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
            default: break
            }
        }
        let onClient: (H2Event) throws -> Void = { event in
            switch event {
            case .data(let id, let bytes): client.consume(streamID: id, count: bytes.count)
            case .streamClosed(_, 0): succeeded += 1
            case .streamClosed(_, let code): failures.append(code)
            default: break
            }
        }
        var rounds = 0
        while succeeded + failures.count < 1000 {
            rounds += 1
            try #require(rounds < 5000)
            while submitted < 1000, client.activeStreamCount < Int(client.remoteMaxConcurrentStreams) {
                let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
                try client.sendData(streamID: id, message(submitted))
                try client.finish(streamID: id, trailers: nil)
                submitted += 1
            }
            peak = max(peak, client.activeStreamCount)
            try converse(client, server, client: onClient, server: onServer)
        }
        #expect(failures.isEmpty)
        #expect(succeeded == 1000)
        #expect(peak == 10)
        #expect(client.activeStreamCount == 0)
        #expect(server.activeStreamCount == 0)
    }
}

@Suite("Connection window bookkeeping")
struct ConnectionWindowTests {
    @Test("Unconsumed bytes of a closed stream are returned to the connection window")
    func closedStreamCredit() throws {
        var serverSettings = H2Session.Settings()
        serverSettings.initialWindowSize = 65_535
        serverSettings.connectionWindowSize = 65_535
        let (client, server) = try connectedPair(server: serverSettings)
        let chunk = [UInt8](repeating: 0xab, count: 60_000)

        let first = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: first, chunk)
        try pump(client, server)  // the server never consumes `first`
        client.resetStream(first, errorCode: 8)
        try pump(client, server)

        let second = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: second, chunk)
        try client.finish(streamID: second, trailers: nil)
        var received = 0
        try converse(
            client, server,
            server: { event in
                if case .data(second, let bytes) = event {
                    received += bytes.count
                    server.consume(streamID: second, count: bytes.count)
                }
            })
        #expect(received == chunk.count)
    }

    @Test("Byte-at-a-time input yields the same events as one buffer")
    func dripFeed() throws {
        let client = try H2Session(role: .client)
        let server = try H2Session(role: .server)
        let id = try client.submitRequest(headers: grpcRequest(), endStream: false)
        try client.sendData(streamID: id, (0..<5000).map { UInt8(truncatingIfNeeded: $0) })
        try client.finish(streamID: id, trailers: [H2Header("x-client-trailer", "1")])
        let wire = try pump(client, server)
        let whole = summary(server.takeEvents())

        let dripped = try H2Session(role: .server)
        var events: [H2Event] = []
        for byte in wire.clientToServer {
            try dripped.receive([byte])
            events += dripped.takeEvents()
        }
        #expect(summary(events) == whole)
        let sawTrailersEnd = whole.contains { $0.contains("trailers+end") }
        #expect(sawTrailersEnd)
    }

    /// Events as strings, with DATA merged per stream (chunking legitimately differs).
    private func summary(_ events: [H2Event]) -> [String] {
        var result: [String] = []
        var data: [Int32: [UInt8]] = [:]
        for event in events {
            switch event {
            case .data(let id, let bytes): data[id, default: []] += bytes
            case .headers(let id, let fields, let kind, let end):
                result.append("\(id) \(kind)\(end ? "+end" : "") \(fields)")
            default: result.append("\(event)")
            }
        }
        return result + data.sorted { $0.key < $1.key }.map { "\($0.key) data \($0.value.count) \($0.value.hashValue)" }
    }
}
