import PalisadeEcho
import PalisadeRPC
import PalisadeWire
import Testing

@Suite("Deadlines, cancellation, shutdown")
struct DeadlineAndCancellationTests {
    @Test("deadline expiry is DEADLINE_EXCEEDED and cancels the handler", arguments: Mode.allCases)
    func deadline(mode: Mode) async throws {
        let probe = Probe()
        let harness = try Harness.start(mode, services: [TestService(probe: probe)])
        let client = try harness.client()
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unaryRaw(TestService.slow, EchoService.millis(10_000), options: CallOptions(timeout: .milliseconds(200)))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(await probe.wait(for: "slow-cancelled"))
        await harness.stop()
    }

    @Test("a timeout too long to represent means no deadline, not a crash or an instant expiry", arguments: Mode.allCases)
    func enormousTimeout(mode: Mode) async throws {
        let harness = try Harness.start(mode, services: [TestService(probe: Probe())])
        let client = try harness.client()
        let answer = try await client.unaryRaw(TestService.slow, EchoService.millis(50), options: CallOptions(timeout: .seconds(Int64.max)))
        #expect(!answer.isEmpty)
        await harness.stop()
    }

    @Test("cancelling the caller's task reaches the handler")
    func cancellation() async throws {
        let probe = Probe()
        let harness = try Harness.start(.h2c, services: [TestService(probe: probe)])
        let client = try harness.client()
        let call = Task { try await client.unaryRaw(TestService.slow, EchoService.millis(10_000)) }
        #expect(await probe.wait(for: "slow-started"))
        call.cancel()
        let result = await call.result
        #expect(throws: RPCError.self) { try result.get() }
        if case .failure(let error as RPCError) = result { #expect(error.code == .cancelled) }
        #expect(await probe.wait(for: "slow-cancelled"))
        await harness.stop()
    }

    @Test("graceful shutdown lets an in-flight call finish", arguments: Mode.allCases)
    func gracefulShutdown(mode: Mode) async throws {
        let probe = Probe()
        let harness = try Harness.start(mode, services: [TestService(probe: probe)])
        let client = try harness.client()
        let call = Task { try await client.unaryRaw(TestService.slow, EchoService.millis(300)) }
        #expect(await probe.wait(for: "slow-started"))
        harness.server.beginGracefulShutdown()
        let reply = try await call.value
        #expect(reply == EchoService.millis(300))
        #expect(probe.all.contains("slow-finished"))
        await harness.server.waitUntilStopped()
        // The listener is gone: a new call cannot connect.
        let fresh = try harness.client()
        let error = await #expect(throws: RPCError.self) { _ = try await fresh.unaryRaw(TestService.slow, EchoService.millis(0)) }
        #expect(error?.code == .unavailable)
    }
}
