import ArgumentParser
import Foundation
import Histogram
import PalisadeEcho
import PalisadeRPC
import PalisadeTLS

/// `palisade-bench rpc`: the transport benchmark against our echo server.
///
/// For each transport (h2c, TLS) it starts a fresh `palisade-bench rpc-server` process, then on
/// one connection measures: sequential unary latency and rate, unary rate and latency with N
/// calls in flight, client streaming of small messages, and the server process's CPU time per
/// unary call (utime + stime from /proc). The last line holds every figure, plus the cost of
/// TLS relative to h2c measured in the same invocation.
struct RPCBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Benchmark the RPC transport (release builds only give meaningful figures)."
    )

    @Option(name: .long, help: "Measured seconds per unary phase (after warm-up).")
    var seconds: Double = 10

    @Option(name: .long, help: "Warm-up seconds before each unary phase.")
    var warmupSeconds: Double = 2

    @Option(name: .long, help: "Calls in flight for the concurrent unary phase.")
    var concurrency: Int = 64

    @Option(name: .long, help: "Messages (200 bytes each) in the client-streaming phase.")
    var streamMessages: Int = 1_000_000

    @Option(name: .long, help: "Transports to measure, comma-separated: h2c, tls.")
    var transports: String = "h2c,tls"

    @Option(name: .long, help: "Benchmark an already running plaintext server at this port instead (no CPU figure unless --server-pid).")
    var port: Int?

    @Option(name: .long, help: "PID of the external server, for its CPU time.")
    var serverPID: Int32?

    @Option(name: .long, help: "Where the spawned server runs handlers: loop or pool.")
    var serverHandlers: String = "loop"

    @Flag(name: .long, help: "Run the calling tasks on the global pool instead of the client's event loop.")
    var clientOnPool = false

    func run() async throws {
        var all: [(String, BenchFigures)] = []
        if let port {
            let figures = try await measure(port: port, security: .plaintext, serverPID: serverPID)
            print(figures.line(prefix: "transport=external "))
            all.append(("external", figures))
        } else {
            for transport in transports.split(separator: ",").map(String.init) {
                let server = try BenchServer(transport: transport, handlers: serverHandlers)
                defer { server.stop() }
                let figures = try await measure(port: server.port, security: server.clientSecurity, serverPID: server.pid)
                print(figures.line(prefix: "transport=\(transport) "))
                all.append((transport, figures))
            }
        }
        var summary = all.map { $0.1.line(prefix: "", keyPrefix: "\($0.0)_") }.joined(separator: " ")
        if let h2c = all.first(where: { $0.0 == "h2c" })?.1, let tls = all.first(where: { $0.0 == "tls" })?.1 {
            summary += String(
                format: " tls_stream_ratio=%.2f tls_unary_c64_ratio=%.2f",
                tls.streamMessagesPerSecond / h2c.streamMessagesPerSecond,
                tls.concurrentRPS / h2c.concurrentRPS)
        }
        print(summary)
    }

    private func measure(port: Int, security: TransportSecurity, serverPID: Int32?) async throws -> BenchFigures {
        let client = try RPCClient(configuration: .init(host: "127.0.0.1", port: port, security: security, serverName: "localhost"))
        let runner = BenchRunner(
            client: client, seconds: seconds, warmup: warmupSeconds,
            concurrency: concurrency, streamMessages: streamMessages, serverPID: serverPID)
        if clientOnPool { return try await runner.run() }
        return try await withTaskExecutorPreference(client.eventLoop) { try await runner.run() }
    }
}

/// The figures of one transport.
struct BenchFigures {
    var sequentialRPS = 0.0, sequentialP50 = 0.0, sequentialP99 = 0.0
    var concurrentRPS = 0.0, concurrentP50 = 0.0, concurrentP99 = 0.0
    var streamMessagesPerSecond = 0.0, streamMBps = 0.0, streamSeconds = 0.0
    var serverCPUPerRPC: Double?

    func line(prefix: String, keyPrefix k: String = "") -> String {
        var s =
            prefix
            + String(
                format: "\(k)unary_seq_rps=%.0f \(k)unary_seq_p50_us=%.1f \(k)unary_seq_p99_us=%.1f ", sequentialRPS, sequentialP50,
                sequentialP99)
        s += String(
            format: "\(k)unary_c64_rps=%.0f \(k)unary_c64_p50_us=%.1f \(k)unary_c64_p99_us=%.1f ", concurrentRPS, concurrentP50,
            concurrentP99)
        s += String(
            format: "\(k)stream_msgs_per_s=%.0f \(k)stream_MBps=%.1f \(k)stream_s=%.2f", streamMessagesPerSecond, streamMBps, streamSeconds)
        if let cpu = serverCPUPerRPC { s += String(format: " \(k)server_cpu_us_per_rpc=%.1f", cpu) }
        return s
    }
}
