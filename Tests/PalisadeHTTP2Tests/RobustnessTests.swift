import PalisadeTestSupport
import Testing

@testable import PalisadeHTTP2

@Suite("Hostile and malformed input")
struct RobustnessTests {
    @Test("An oversized header list yields headersTooLarge for that stream only")
    func headersTooLarge() throws {
        let (client, server) = try connectedPair()
        let big = (0..<20).map { H2Header("x-big-\($0)", String(repeating: "v", count: 1000)) }
        let large = try client.submitRequest(headers: grpcRequest(extra: big), endStream: true)
        let normal = try client.submitRequest(headers: grpcRequest(), endStream: true)
        try pump(client, server)

        let events = server.takeEvents()
        let largeTooLarge = events.contains { if case .headersTooLarge(large) = $0 { true } else { false } }
        #expect(largeTooLarge, "\(events)")
        let largeEnded = events.contains { if case .endStream(large) = $0 { true } else { false } }
        #expect(largeEnded)
        let largeHeadersDelivered = events.contains { if case .headers(large, _, _, _) = $0 { true } else { false } }
        #expect(!largeHeadersDelivered)
        let normalDelivered = events.contains { if case .headers(normal, _, .request, true) = $0 { true } else { false } }
        #expect(normalDelivered)

        try server.submitResponse(streamID: large, headers: [H2Header(":status", "431")], endStream: true)
        try server.submitResponse(streamID: normal, headers: grpcResponse + [H2Header("grpc-status", "0")], endStream: true)
        try pump(client, server)
        let statuses = client.takeEvents().compactMap { event -> String? in
            if case .headers(let id, let fields, .response, true) = event {
                return "\(id):\(fields.first { $0.name == ":status" }?.value ?? "-")"
            }
            return nil
        }
        #expect(statuses.sorted() == ["\(large):431", "\(normal):200"].sorted())
    }

    @Test("Garbage instead of the client preface throws, and keeps throwing")
    func badPreface() throws {
        let server = try H2Session(role: .server)
        let garbage = Array("GET / HTTP/1.1\r\nHost: palisade\r\n\r\n".utf8)
        #expect {
            try server.receive(garbage)
        } throws: { error in
            (error as? H2Error)?.code == .badClientMagic
        }
        #expect(throws: H2Error.self) { try server.receive([0]) }
        #expect(!server.wantsRead)
        var out: [UInt8] = []
        #expect(throws: H2Error.self) { try server.produceOutput(into: &out) }
    }

    /// A realistic client byte stream: preface, SETTINGS, requests with data and trailers,
    /// a ping, a reset, window updates.
    private func recordedClientStream() throws -> [UInt8] {
        let client = try H2Session(role: .client)
        let server = try H2Session(role: .server)
        var ids: [Int32] = []
        for index in 0..<3 {
            let id = try client.submitRequest(headers: grpcRequest(extra: [H2Header("x-n", "\(index)")]), endStream: false)
            try client.sendData(streamID: id, message(index * 20 + 5))
            ids.append(id)
        }
        try client.finish(streamID: ids[0], trailers: nil)
        try client.finish(streamID: ids[1], trailers: [H2Header("x-trailer", "1")])
        client.resetStream(ids[2], errorCode: 8)
        try client.ping(opaque: 77)
        let wire = try converse(
            client, server,
            server: { event in
                if case .endStream(let id) = event {
                    try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
                    try server.sendData(streamID: id, message(9))
                    try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
                }
            })
        return wire.clientToServer
    }

    /// Feeds `bytes` in random chunks and acts like a server would; must never crash.
    private func feedServer(_ bytes: [UInt8], rng: inout SplitMix64) -> Bool {
        guard let server = try? H2Session(role: .server) else { return false }
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = min(bytes.count - index, Int.random(in: 1...64, using: &rng))
            do {
                try server.receive(Array(bytes[index..<(index + chunk)]))
                server.drainEvents { event in
                    switch event {
                    case .headers(let id, _, .request, _):
                        try? server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
                        try? server.sendData(streamID: id, [1, 2, 3])
                    case .data(let id, let data): server.consume(streamID: id, count: data.count)
                    case .endStream(let id): try? server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
                    default: break
                    }
                }
                out.removeAll(keepingCapacity: true)
                try server.produceOutput(into: &out)
            } catch {
                return true
            }
            index += chunk
        }
        return false
    }

    @Test("Random mutations of a valid client stream never crash the server")
    func mutatedClientStream() throws {
        let valid = try recordedClientStream()
        var rng = SplitMix64(seed: 0x5eed)
        #expect(!feedServer(valid, rng: &rng), "the unmutated stream must be accepted")
        var thrown = 0
        for iteration in 0..<600 {
            var bytes = valid
            // Mostly keep the preface so the mutations reach the frame parser.
            let start = iteration % 5 == 0 ? 0 : 24
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: start..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if iteration % 7 == 0 { bytes.removeLast(Int.random(in: 0..<(bytes.count - start), using: &rng)) }
            if feedServer(bytes, rng: &rng) { thrown += 1 }
        }
        #expect(thrown > 0)
    }

    @Test("Random mutations of a valid server stream never crash the client")
    func mutatedServerStream() throws {
        let (client, server) = try connectedPair()
        let id = try receivedRequest(client, server)
        try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
        try server.sendData(streamID: id, message(50))
        try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
        var valid: [UInt8] = []
        try server.produceOutput(into: &valid)

        var rng = SplitMix64(seed: 0xfeed)
        for _ in 0..<400 {
            let (fresh, freshServer) = try connectedPair()
            let freshID = try fresh.submitRequest(headers: grpcRequest(), endStream: true)
            try pump(fresh, freshServer)
            #expect(freshID == id)
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                try fresh.receive(bytes)
                for event in fresh.takeEvents() {
                    if case .data(let streamID, let data) = event { fresh.consume(streamID: streamID, count: data.count) }
                }
                var out: [UInt8] = []
                try fresh.produceOutput(into: &out)
            } catch {
                continue
            }
        }
    }

    @Test("Callbacks run only inside mem_recv/mem_send, never nested")
    func noReentry() throws {
        let (client, server) = try connectedPair()
        let ids = try (0..<4).map { _ in try client.submitRequest(headers: grpcRequest(), endStream: false) }
        for id in ids { try client.sendData(streamID: id, message(Int(id))) }
        try client.finish(streamID: ids[0], trailers: nil)
        try client.finish(streamID: ids[1], trailers: [H2Header("x-t", "1")])
        client.resetStream(ids[2], errorCode: 8)
        try converse(
            client, server,
            server: { event in
                switch event {
                case .headers(let id, _, .request, _):
                    try server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
                    try server.sendData(streamID: id, [1])
                case .endStream(let id):
                    try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
                case .headers(let id, _, .trailers, true):
                    try server.finish(streamID: id, trailers: [H2Header("grpc-status", "0")])
                default: break
                }
            })
        client.resetStream(ids[3], errorCode: 8)
        try client.goAway(errorCode: 0)
        try converse(client, server)
        for session in [client, server] {
            #expect(session.callbackCount > 0)
            #expect(session.reentryViolations == 0)
            #expect(session.libraryDepth == 0)
        }
    }
}
