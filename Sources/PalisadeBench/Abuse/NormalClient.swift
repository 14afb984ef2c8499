import Histogram
import PalisadeEcho
import PalisadeRPC
import PalisadeWire
import Synchronization

/// The well-behaved caller whose experience the bounds are about: `Echo/Unary` with 100 bytes,
/// back to back with a 3 ms pause, on its own connection, from before the attack until after it.
///
/// Latencies go into one HdrHistogram per phase (idle, during, after), by the phase in which a
/// call started. Every call has a 2 s timeout, so a server that stops answering shows up as
/// failures rather than a hung suite. With `probesFresh` it also opens a new connection every
/// 250 ms for one call (`idle-connections`: new clients must not be shut out); those count as
/// normal calls but their latency, which includes connection setup, is kept out of the p99.
final class NormalClient: Sendable {
    /// Where the run is; set by the orchestrator.
    enum Phase: Int, Sendable { case idle = 0, during, after, done }

    /// What the client saw in one phase.
    struct Figures: Sendable {
        /// Calls on the long-lived connection that succeeded / failed.
        var ok = 0, failed = 0
        /// Calls on fresh connections that succeeded / failed.
        var freshOK = 0, freshFailed = 0
        /// p99 latency of the successful long-lived calls, in ms (nil: none).
        var p99Ms: Double?
        /// The first failure, for the report.
        var firstError: String?
    }

    private let phase = Atomic<Int>(Phase.idle.rawValue)
    private let configuration: RPCClientConfiguration
    private let probesFresh: Bool
    private static let payload = [UInt8](repeating: 0x61, count: 100)
    private static let options = CallOptions(timeout: .seconds(2))

    /// A client for the server at `port`.
    init(port: Int, security: TransportSecurity, probesFresh: Bool) {
        configuration = RPCClientConfiguration(host: "127.0.0.1", port: port, security: security, serverName: "localhost")
        self.probesFresh = probesFresh
    }

    /// Moves to the next phase; `.done` ends `run`.
    func enter(_ next: Phase) { phase.store(next.rawValue, ordering: .relaxed) }

    private var current: Phase { Phase(rawValue: phase.load(ordering: .relaxed)) ?? .done }

    /// Calls until `.done`; returns the figures of idle, during and after (in that order).
    func run() async -> [Figures] {
        let client: RPCClient
        do {
            client = try RPCClient(configuration: configuration)
        } catch {
            var failed = Figures()
            failed.firstError = "\(error)"
            return [failed, failed, failed]
        }
        defer { client.close() }
        return await withTaskExecutorPreference(client.eventLoop) {
            async let fresh = probesFresh ? freshLoop(loop: client.eventLoop) : [Figures](repeating: Figures(), count: 3)
            var figures = [Figures](repeating: Figures(), count: 3)
            var histograms = (0..<3).map { _ in
                Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
            }
            while true {
                let now = current
                if now == .done { break }
                let start = ContinuousClock.now
                do {
                    let reply = try await client.unaryRaw(EchoService.unary, Self.payload, options: Self.options)
                    guard reply == Self.payload else { throw RPCError(.dataLoss, "the echo differs from the request") }
                    _ = histograms[now.rawValue].record(UInt64(max(0, (ContinuousClock.now - start).nanoseconds)))
                    figures[now.rawValue].ok += 1
                } catch {
                    figures[now.rawValue].failed += 1
                    if figures[now.rawValue].firstError == nil { figures[now.rawValue].firstError = "\(error)" }
                }
                try? await Task.sleep(for: .milliseconds(3))
            }
            let probes = await fresh
            for i in 0..<3 {
                if histograms[i].totalCount > 0 { figures[i].p99Ms = Double(histograms[i].valueAtPercentile(99)) / 1e6 }
                figures[i].freshOK = probes[i].freshOK
                figures[i].freshFailed = probes[i].freshFailed
                if figures[i].firstError == nil { figures[i].firstError = probes[i].firstError }
            }
            return figures
        }
    }

    /// Every 250 ms: a new client (on `loop`), one call, close.
    private func freshLoop(loop: EventLoop) async -> [Figures] {
        var figures = [Figures](repeating: Figures(), count: 3)
        while true {
            let now = current
            if now == .done { break }
            do {
                let client = try RPCClient(configuration: configuration, loop: loop)
                defer { client.close() }
                let reply = try await client.unaryRaw(EchoService.unary, Self.payload, options: Self.options)
                guard reply == Self.payload else { throw RPCError(.dataLoss, "the echo differs from the request") }
                figures[now.rawValue].freshOK += 1
            } catch {
                figures[now.rawValue].freshFailed += 1
                if figures[now.rawValue].firstError == nil { figures[now.rawValue].firstError = "fresh connection: \(error)" }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return figures
    }
}
