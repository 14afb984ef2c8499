import Logging
import PalisadeEcho
import PalisadeRPC
import PalisadeWire
import Testing

@Suite("Live calls over loopback")
struct LiveCallTests {
    @Test("all four call shapes", arguments: Mode.allCases)
    func fourShapes(mode: Mode) async throws {
        let harness = try Harness.start(mode)
        let client = try harness.client()

        let payload = Array("hello, palisade".utf8)
        #expect(try await client.unaryRaw(EchoService.unary, payload) == payload)

        let count = try await client.clientStreamingRaw(EchoService.push) { writer in
            for i in 0..<1_000 { try await writer.write([UInt8](repeating: UInt8(i & 0xFF), count: 200)) }
        }
        #expect(EchoService.decodeCount(count) == 1_000)

        let pulled = try await client.serverStreamingRaw(EchoService.pull, EchoService.pullRequest(count: 500, size: 1_000)) { stream in
            var n = 0, bytes = 0
            for try await message in stream {
                n += 1
                bytes += message.count
            }
            return (n, bytes)
        }
        #expect(pulled.0 == 500 && pulled.1 == 500_000)

        let chat = try await client.bidirectionalRaw(EchoService.chat) { writer, responses in
            var iterator = responses.makeAsyncIterator()
            var echoed: [[UInt8]] = []
            for i in 0..<50 {
                try await writer.write([UInt8(i)])
                if let reply = try await iterator.next() { echoed.append(reply) }
            }
            return echoed
        }
        let expectedChat = (0..<50).map { [UInt8($0)] }
        #expect(chat == expectedChat)
        await harness.stop()
    }

    @Test("typed health check over both transports", arguments: Mode.allCases)
    func health(mode: Mode) async throws {
        let harness = try Harness.start(mode)
        let client = try harness.client()
        let response = try await client.call(HealthAPI.check, HealthCheckRequest())
        #expect(response.status == .serving)
        await harness.stop()
    }

    @Test("a status and message travel back intact", arguments: Mode.allCases)
    func errorStatus(mode: Mode) async throws {
        let harness = try Harness.start(mode)
        let client = try harness.client()
        await #expect(throws: RPCError(.notFound, TestService.failMessage)) {
            _ = try await client.unaryRaw(TestService.fail, [])
        }
        await harness.stop()
    }

    @Test("a client dropped right after its call, and a server with no connections, both shut down")
    func temporaryClient() async throws {
        let harness = try Harness.start(.h2c)
        #expect(try await harness.client().unaryRaw(EchoService.unary, [7]) == [7])
        await harness.stop()
    }

    @Test("unknown method is UNIMPLEMENTED")
    func unknownMethod() async throws {
        let harness = try Harness.start(.h2c)
        let client = try harness.client()
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unaryRaw(RPCMethodName(service: "palisade.nope.v1.Nope", method: "Nothing", kind: .unary), [])
        }
        #expect(error?.code == .unimplemented)
        await harness.stop()
    }

    @Test("1,000 concurrent calls on one connection")
    func thousandConcurrent() async throws {
        let harness = try Harness.start(.h2c)
        let client = try harness.client()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<1_000 {
                group.addTask {
                    let payload = withUnsafeBytes(of: UInt32(i)) { Array($0) }
                    return try await client.unaryRaw(EchoService.unary, payload) == payload
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(results == 1_000)
        await harness.stop()
    }

    @Test("oversized request is RESOURCE_EXHAUSTED and the connection keeps working")
    func oversized() async throws {
        let harness = try Harness.start(.h2c) { $0.maxMessageSize = 64 << 10 }
        let client = try harness.client()
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unaryRaw(EchoService.unary, [UInt8](repeating: 1, count: 1 << 20))
        }
        #expect(error?.code == .resourceExhausted)
        #expect(try await client.unaryRaw(EchoService.unary, [1, 2, 3]) == [1, 2, 3])
        await harness.stop()
    }

    @Test("a call to a dead port fails UNAVAILABLE with the reason")
    func unreachable() async throws {
        let client = try RPCClient(configuration: .init(host: "127.0.0.1", port: 1, security: .plaintext))
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unaryRaw(EchoService.unary, [1])
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("refused") == true)
    }
}

@Suite("IPv6")
struct IPv6Tests {
    @Test("server and client over [::1]")
    func loopback6() async throws {
        var logger = Logger(label: "ipv6")
        logger.logLevel = .critical
        let server = try RPCServer(
            configuration: .init(host: "::1", port: 0, security: .plaintext),
            services: [EchoService()], logger: logger)
        let address = try server.start()
        #expect(address.description.hasPrefix("[::1]:"))
        let client = try RPCClient(configuration: .init(host: "::1", port: address.port, security: .plaintext))
        #expect(try await client.unaryRaw(EchoService.unary, [6]) == [6])
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

@Suite("Several event loops")
struct MultiLoopTests {
    @Test("connections spread over loops are all served and all drained at shutdown")
    func spread() async throws {
        let harness = try Harness.start(.tls) { $0.eventLoopCount = 3 }
        let clients = try (0..<9).map { _ in try harness.client() }
        let served = try await withThrowingTaskGroup(of: Int.self) { group in
            for (i, client) in clients.enumerated() {
                group.addTask {
                    var ok = 0
                    for j in 0..<20 where try await client.unaryRaw(EchoService.unary, [UInt8(i), UInt8(j)]) == [UInt8(i), UInt8(j)] {
                        ok += 1
                    }
                    return ok
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(served == 9 * 20)
        await harness.stop()
    }
}
