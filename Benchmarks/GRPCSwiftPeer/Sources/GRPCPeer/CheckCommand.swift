import ArgumentParser
import GRPCCore

/// `grpc-peer check`: calls each Echo method once and verifies the replies byte for byte.
///
/// Used to show that a server (Palisade's or this peer's) and grpc-swift-2's client agree on
/// the gRPC wire protocol. Prints `interop ok`, or the failing method and the reason on
/// stderr with a non-zero exit status.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Call Unary, Push, Pull and Chat once each and verify the replies."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: "Deadline of each call, in seconds.")
    var timeout: Int = 10

    func run() async throws {
        var options = CallOptions.defaults
        options.timeout = .seconds(timeout)
        do {
            try await EchoClient.with(connection, options: options) { echo in
                try await step("Unary") { try await Self.checkUnary(echo) }
                try await step("Push") { try await Self.checkPush(echo) }
                try await step("Pull") { try await Self.checkPull(echo) }
                try await step("Chat") { try await Self.checkChat(echo) }
            }
        } catch let failure as StepFailure {
            Output.error("interop FAILED: \(failure.method): \(failure.reason)")
            throw ExitCode.failure
        } catch {
            Output.error("interop FAILED: \(error)")
            throw ExitCode.failure
        }
        Output.line("interop ok")
    }

    private func step(_ method: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw StepFailure(method: method, reason: String(describing: error))
        }
    }

    private static func checkUnary(_ echo: EchoClient) async throws {
        let request = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let reply = try await echo.unary(request)
        guard reply == request else {
            throw PeerError("reply differs from request (\(reply.count) vs \(request.count) bytes)")
        }
        let empty = try await echo.unary([])
        guard empty.isEmpty else { throw PeerError("empty request echoed as \(empty.count) bytes") }
    }

    private static func checkPush(_ echo: EchoClient) async throws {
        let count = try await echo.push(count: 10, of: [UInt8](repeating: 0xAB, count: 200))
        guard count == 10 else { throw PeerError("server counted \(count) messages, sent 10") }
    }

    private static func checkPull(_ echo: EchoClient) async throws {
        let messages = try await echo.pull(count: 5, size: 300)
        guard messages.count == 5 else { throw PeerError("received \(messages.count) messages, asked 5") }
        let expected = Echo.pullPayload(size: 300)
        for (index, message) in messages.enumerated() where message != expected {
            throw PeerError("message \(index) has wrong content (\(message.count) bytes)")
        }
    }

    private static func checkChat(_ echo: EchoClient) async throws {
        let sent: [[UInt8]] = [[1, 2, 3], [], [UInt8](repeating: 0x42, count: 20_000), [9]]
        let received = try await echo.chat(sent)
        guard received == sent else {
            throw PeerError("echoed \(received.map(\.count)) bytes per message, sent \(sent.map(\.count))")
        }
    }
}

/// A check failure tagged with the method that failed.
private struct StepFailure: Error {
    let method: String
    let reason: String
}
