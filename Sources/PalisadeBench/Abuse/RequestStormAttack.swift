import PalisadeEcho
import PalisadeRPC
import Synchronization

/// `request-storm`: 50 well-behaved clients calling `Echo/Unary` back to back in parallel.
///
/// Not an attack on the protocol but on capacity: every call is legitimate, so every one must
/// succeed, and the normal client's latency shows how the server shares itself out. Calls are
/// bounded by a total (100,000 in full mode) as well as by the deadline. The clients share two
/// event loops (one per core) and run their calling tasks on them, as the `rpc` benchmark does.
struct RequestStormAttack: AbuseAttacker {
    /// Parallel clients, one connection each.
    static let clients = 50

    /// Calls left and failures, shared by the calling tasks.
    private final class Tally: Sendable {
        let remaining: Atomic<Int>
        let succeeded = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
        let firstError = Mutex<String?>(nil)
        /// A tally allowing `budget` calls in all.
        init(budget: Int) { remaining = Atomic(budget) }
    }

    /// Calls until the deadline or the budget (20,000 calls in short mode) is spent.
    func run(_ context: AttackContext) async -> AttackReport {
        var report = AttackReport()
        let loops: [EventLoop]
        do {
            loops = try (0..<2).map { _ in try EventLoop(name: "palisade-abuse-storm") }
        } catch {
            report.notes.append("cannot start event loops: \(error)")
            return report
        }
        defer { for loop in loops { loop.shutdownGracefully() } }
        let tally = Tally(budget: context.bound(full: 100_000, short: 20_000))
        let payload = [UInt8](repeating: 0x63, count: 100)
        let deadline = context.deadline
        var clients: [RPCClient] = []
        for i in 0..<Self.clients {
            let configuration = RPCClientConfiguration(
                host: "127.0.0.1", port: context.port, security: context.security, serverName: "localhost")
            do {
                clients.append(try RPCClient(configuration: configuration, loop: loops[i % loops.count]))
            } catch {
                report.notes.append("cannot make client: \(error)")
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask {
                    await withTaskExecutorPreference(client.eventLoop) {
                        while ContinuousClock.now < deadline, tally.remaining.subtract(1, ordering: .relaxed).newValue >= 0 {
                            do {
                                _ = try await client.unaryRaw(EchoService.unary, payload, options: CallOptions(timeout: .seconds(5)))
                                tally.succeeded.add(1, ordering: .relaxed)
                            } catch {
                                tally.failed.add(1, ordering: .relaxed)
                                tally.firstError.withLock { if $0 == nil { $0 = "\(error)" } }
                            }
                        }
                    }
                }
            }
        }
        for client in clients { client.close() }
        report.calls = tally.succeeded.load(ordering: .relaxed) + tally.failed.load(ordering: .relaxed)
        report.failedCalls = tally.failed.load(ordering: .relaxed)
        report.notes.append("\(Self.clients) clients")
        if let first = tally.firstError.withLock({ $0 }) { report.notes.append("first failure: \(first)") }
        return report
    }
}
