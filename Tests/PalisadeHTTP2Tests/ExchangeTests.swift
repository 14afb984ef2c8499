import PalisadeHTTP2
import Testing

@Suite("Exchanges")
struct ExchangeTests {
    @Test("gRPC-shaped unary call: trailers carry END_STREAM, the last DATA does not")
    func unary() throws {
        let (client, server) = try connectedPair()
        let body = message(42)
        let id = try sendRequest(client, body: body)
        try pump(client, server)

        let serverEvents = server.takeEvents()
        try #require(serverEvents.count == 3, "\(serverEvents)")
        guard case .headers(id, let fields, .request, false) = serverEvents[0] else {
            Issue.record("expected request headers, got \(serverEvents[0])")
            return
        }
        #expect(fields.contains(H2Header("te", "trailers")))
        #expect(fields.contains(H2Header(":path", "/palisade.Echo/Unary")))
        guard case .data(id, let received) = serverEvents[1] else {
            Issue.record("expected data, got \(serverEvents[1])")
            return
        }
        #expect(received == body)
        guard case .endStream(id) = serverEvents[2] else {
            Issue.record("expected end of stream, got \(serverEvents[2])")
            return
        }

        server.consume(streamID: id, count: received.count)
        let reply = message(7)
        try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
        try server.sendData(streamID: id, reply)
        try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
        let wire = try pump(client, server)

        let clientEvents = client.takeEvents()
        try #require(clientEvents.count == 4, "\(clientEvents)")
        guard case .headers(id, let responseFields, .response, false) = clientEvents[0] else {
            Issue.record("expected response headers, got \(clientEvents[0])")
            return
        }
        #expect(responseFields.first == H2Header(":status", "200"))
        guard case .data(id, let replyBytes) = clientEvents[1] else {
            Issue.record("expected data, got \(clientEvents[1])")
            return
        }
        #expect(replyBytes == reply)
        guard case .headers(id, let trailers, .trailers, true) = clientEvents[2] else {
            Issue.record("expected trailers with END_STREAM, got \(clientEvents[2])")
            return
        }
        #expect(trailers == [H2Header("grpc-status", "0")])
        #expect(clientEvents[3].streamClosedCode ?? (0, 99) == (id, 0))
        #expect(server.takeEvents().compactMap(\.streamClosedCode).map(\.1) == [0])

        let streamFrames = frames(wire.serverToClient).filter { $0.streamID == id }
        let lastDataFrame = streamFrames.last { $0.type == Frame.data }
        let lastData = try #require(lastDataFrame)
        #expect(lastData.flags & Frame.endStream == 0)
        let last = try #require(streamFrames.last)
        #expect(last.type == Frame.headers)
        #expect(last.flags & Frame.endStream != 0)
        #expect(client.activeStreamCount == 0)
        #expect(server.activeStreamCount == 0)
    }

    @Test("Trailers-Only response is one HEADERS with END_STREAM")
    func trailersOnly() throws {
        let (client, server) = try connectedPair()
        let id = try receivedRequest(client, server, body: message(1))

        try server.submitResponse(
            streamID: id,
            headers: grpcResponse + [H2Header("grpc-status", "12"), H2Header("grpc-message", "unknown method")],
            endStream: true)
        #expect(throws: H2Error.self) { try server.sendData(streamID: id, [1, 2, 3]) }
        let wire = try pump(client, server)

        let events = client.takeEvents()
        try #require(events.count == 2, "\(events)")
        guard case .headers(id, let fields, .response, true) = events[0] else {
            Issue.record("expected response with END_STREAM, got \(events[0])")
            return
        }
        #expect(fields.contains(H2Header("grpc-status", "12")))
        #expect(events[1].streamClosedCode ?? (0, 99) == (id, 0))
        let streamFrames = frames(wire.serverToClient).filter { $0.streamID == id }
        #expect(streamFrames.map(\.type) == [Frame.headers])
    }

    @Test("PING is answered with the same opaque value")
    func ping() throws {
        let (client, server) = try connectedPair()
        try client.ping(opaque: 0x0102_0304_0506_0708)
        try server.ping(opaque: .max)
        try pump(client, server)
        let clientAcks = client.takeEvents().compactMap { event -> UInt64? in
            if case .pingAck(let opaque) = event { return opaque }
            return nil
        }
        let serverAcks = server.takeEvents().compactMap { event -> UInt64? in
            if case .pingAck(let opaque) = event { return opaque }
            return nil
        }
        #expect(clientAcks == [0x0102_0304_0506_0708])
        #expect(serverAcks == [.max])
    }

    @Test("shutdownNotice then GOAWAY: client sees both, both sides end up done")
    func goAway() throws {
        let (client, server) = try connectedPair()
        let id = try receivedRequest(client, server)

        server.shutdownNotice()
        try pump(client, server)
        let notice = client.takeEvents()
        guard case .goAway(Int32.max, 0)? = notice.first else {
            Issue.record("expected GOAWAY notice, got \(notice)")
            return
        }
        #expect(throws: H2Error.self) { _ = try client.submitRequest(headers: grpcRequest(), endStream: true) }

        // The in-flight stream still completes after the notice.
        try server.submitResponse(streamID: id, headers: grpcResponse + [H2Header("grpc-status", "0")], endStream: true)
        try server.goAway(errorCode: 0)
        try pump(client, server)
        let events = client.takeEvents()
        let sawGoAway = events.contains { if case .goAway(id, 0) = $0 { true } else { false } }
        #expect(sawGoAway, "\(events)")
        let streamClosedCleanly = events.contains { $0.streamClosedCode ?? (0, 99) == (id, 0) }
        #expect(streamClosedCleanly)
        #expect(!client.wantsRead)
        #expect(!client.wantsWrite)
        #expect(!server.wantsRead)
        #expect(!server.wantsWrite)
    }

    @Test("drainEvents delivers in order and lets the handler act on the session")
    func drainEvents() throws {
        let (client, server) = try connectedPair()
        let id = try sendRequest(client)
        try pump(client, server)
        var seen: [String] = []
        server.drainEvents { event in
            if case .headers(let streamID, _, .request, true) = event {
                seen.append("request")
                // Acting from the drain body is fine: we are not inside nghttp2.
                try? server.submitResponse(streamID: streamID, headers: grpcResponse, endStream: false)
                try? server.sendData(streamID: streamID, [9, 9])
                try? server.finish(streamID: streamID, trailers: [H2Header("grpc-status", "0")])
            }
        }
        #expect(seen == ["request"])
        try pump(client, server)
        let kinds = client.takeEvents().map { event -> String in
            switch event {
            case .headers(_, _, let kind, let end): "\(kind)\(end ? "+end" : "")"
            case .data(_, let bytes): "data\(bytes.count)"
            case .streamClosed(let streamID, let code): "closed\(streamID):\(code)"
            default: "\(event)"
            }
        }
        #expect(kinds == ["response", "data2", "trailers+end", "closed\(id):0"])
    }
}
