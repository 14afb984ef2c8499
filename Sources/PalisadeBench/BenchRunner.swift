import Foundation
import Histogram
import PalisadeEcho
import PalisadeRPC
import PalisadeWire

/// Runs the measurement phases of `palisade-bench rpc` on one client.
struct BenchRunner: Sendable {
    let client: RPCClient
    let seconds: Double
    let warmup: Double
    let concurrency: Int
    let streamMessages: Int
    let serverPID: Int32?

    static let unaryPayload = [UInt8](repeating: 0x61, count: 100)
    static let streamPayload = [UInt8](repeating: 0x62, count: 200)

    func run() async throws -> BenchFigures {
        var figures = BenchFigures()
        // Sequential unary.
        _ = try await unaryLoop(for: warmup)
        let sequential = try await unaryLoop(for: seconds)
        figures.sequentialRPS = Double(sequential.count) / sequential.elapsed
        figures.sequentialP50 = Double(sequential.histogram.valueAtPercentile(50)) / 1000
        figures.sequentialP99 = Double(sequential.histogram.valueAtPercentile(99)) / 1000

        // Concurrent unary; the server's CPU time is read around the measured part.
        _ = try await concurrentUnary(for: warmup)
        let cpuBefore = serverPID.flatMap(ProcessCPU.microseconds)
        let concurrent = try await concurrentUnary(for: seconds)
        if let before = cpuBefore, let pid = serverPID, let after = ProcessCPU.microseconds(pid) {
            figures.serverCPUPerRPC = (after - before) / Double(max(concurrent.count, 1))
        }
        figures.concurrentRPS = Double(concurrent.count) / concurrent.elapsed
        figures.concurrentP50 = Double(concurrent.histogram.valueAtPercentile(50)) / 1000
        figures.concurrentP99 = Double(concurrent.histogram.valueAtPercentile(99)) / 1000

        // Client streaming.
        let start = ContinuousClock.now
        let count = streamMessages
        let reply = try await client.clientStreamingRaw(EchoService.push) { writer in
            for _ in 0..<count { try await writer.write(Self.streamPayload) }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        guard EchoService.decodeCount(reply) == UInt64(count) else {
            throw RPCError(.dataLoss, "Push counted \(EchoService.decodeCount(reply) ?? 0) of \(count) messages")
        }
        figures.streamSeconds = elapsed
        figures.streamMessagesPerSecond = Double(count) / elapsed
        figures.streamMBps = Double(count * Self.streamPayload.count) / elapsed / 1e6
        return figures
    }

    struct Phase {
        var count = 0
        var elapsed = 0.0
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Back-to-back unary calls for `duration` seconds; latencies in nanoseconds.
    private func unaryLoop(for duration: Double) async throws -> Phase {
        var phase = Phase()
        let clock = ContinuousClock()
        let start = clock.now
        let end = start.advanced(by: .seconds(duration))
        var now = start
        while now < end {
            let reply = try await client.unaryRaw(EchoService.unary, Self.unaryPayload)
            let after = clock.now
            guard reply.count == Self.unaryPayload.count else { throw RPCError(.dataLoss, "short echo") }
            _ = phase.histogram.record(UInt64((after - now).nanoseconds))
            phase.count += 1
            now = after
        }
        phase.elapsed = (now - start).seconds
        return phase
    }

    private func concurrentUnary(for duration: Double) async throws -> Phase {
        let clock = ContinuousClock()
        let start = clock.now
        let phases = try await withThrowingTaskGroup(of: Phase.self) { group in
            for _ in 0..<concurrency {
                group.addTask { try await unaryLoop(for: duration) }
            }
            return try await group.reduce(into: [Phase]()) { $0.append($1) }
        }
        var total = Phase()
        for p in phases {
            total.count += p.count
            total.histogram.add(p.histogram)
        }
        total.elapsed = (clock.now - start).seconds
        return total
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}

/// CPU time of a process from /proc/PID/stat (utime + stime).
enum ProcessCPU {
    static func microseconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may contain spaces) start at field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK))) * 1e6
    }
}
