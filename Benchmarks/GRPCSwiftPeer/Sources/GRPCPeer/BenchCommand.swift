import ArgumentParser
import Foundation
import GRPCCore

/// `grpc-peer bench`: measures a server exposing `palisade.bench.v1.Echo` with grpc-swift-2's
/// client on ONE HTTP/2 connection, and prints one `key=value` line on stdout.
///
/// Phases: sequential unary (100-byte request), unary with `--concurrency` calls in flight,
/// then one `Push` of `--stream-messages` 200-byte messages. Progress goes to stderr.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark an Echo server over one connection; print one result line."
    )

    /// Unary request size in bytes.
    static let unaryBytes = 100
    /// Client-streaming message size in bytes.
    static let streamMessageBytes = 200

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: "Measured seconds of each unary phase.")
    var seconds: Double = 10

    @Option(name: .customLong("warmup-seconds"), help: "Unmeasured warm-up seconds before each unary phase.")
    var warmupSeconds: Double = 2

    @Option(name: .long, help: "Unary calls in flight in the concurrent phase (reported as c64 whatever the value).")
    var concurrency: Int = 64

    @Option(name: .customLong("stream-messages"), help: "Messages in the client-streaming Push call.")
    var streamMessages: Int = 1_000_000

    @Option(name: .customLong("server-pid"), help: "Server PID: report its CPU µs per RPC in the concurrent phase.")
    var serverPID: Int32?

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be > 0") }
        guard warmupSeconds >= 0 else { throw ValidationError("--warmup-seconds must be >= 0") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be >= 1") }
        guard streamMessages >= 1 else { throw ValidationError("--stream-messages must be >= 1") }
        if let serverPID { _ = try ProcessCPU.microseconds(pid: serverPID) }
    }

    func run() async throws {
        let payload = (0..<Self.unaryBytes).map { UInt8(truncatingIfNeeded: $0) }
        let line = try await EchoClient.with(connection) { echo in
            var probe = echo
            probe.options.timeout = .seconds(10)
            guard try await probe.unary(payload) == payload else {
                throw PeerError("Unary did not echo the request")
            }

            var load = UnaryLoad(
                tasks: 1,
                payload: payload,
                warmup: .seconds(warmupSeconds),
                window: .seconds(seconds)
            )
            Output.error("unary sequential: \(warmupSeconds) s warm-up + \(seconds) s")
            let sequential = try await load.run(on: echo)

            load.tasks = concurrency
            load.serverPID = serverPID
            Output.error("unary \(concurrency) in flight: \(warmupSeconds) s warm-up + \(seconds) s")
            let concurrent = try await load.run(on: echo)

            Output.error("client streaming: \(streamMessages) × \(Self.streamMessageBytes) bytes")
            let stream = try await streamPhase(echo)

            var fields: [(String, String)] = [
                ("impl", "grpc-swift-2"),
                ("unary_seq_rps", Self.integer(sequential.callsPerSecond)),
                ("unary_seq_p50_us", Self.decimal(sequential.p50Micros)),
                ("unary_seq_p99_us", Self.decimal(sequential.p99Micros)),
                ("unary_c64_rps", Self.integer(concurrent.callsPerSecond)),
                ("unary_c64_p50_us", Self.decimal(concurrent.p50Micros)),
                ("unary_c64_p99_us", Self.decimal(concurrent.p99Micros)),
                ("stream_msgs_per_s", Self.integer(Double(streamMessages) / stream.seconds)),
                ("stream_MBps", Self.decimal(Double(streamMessages * Self.streamMessageBytes) / 1e6 / stream.seconds)),
                ("stream_s", String(format: "%.2f", stream.seconds)),
            ]
            if let cpu = concurrent.serverCPUMicrosPerCall {
                fields.append(("server_cpu_us_per_rpc", Self.decimal(cpu)))
            }
            return fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        }
        Output.line(line)
    }

    /// One `Push` call of `streamMessages` messages; returns its duration (call start to reply).
    private func streamPhase(_ echo: EchoClient) async throws -> Duration {
        let message = [UInt8](repeating: 0x5A, count: Self.streamMessageBytes)
        let clock = ContinuousClock()
        let started = clock.now
        let counted = try await echo.push(count: streamMessages, of: message)
        let elapsed = clock.now - started
        guard counted == UInt64(streamMessages) else {
            throw PeerError("Push: server counted \(counted) messages, sent \(streamMessages)")
        }
        return elapsed
    }

    private static func integer(_ value: Double) -> String { String(Int(value.rounded())) }

    private static func decimal(_ value: Double) -> String { String(format: "%.1f", value) }
}
