import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeWire
import Synchronization

/// `palisade-bench identity`: the Entra identity service (`palisade-identity`, its own process) in
/// front of its simulator (in this process).
///
/// 1. `GetUserStatus` answered from the directory copy, over mutual TLS with `--concurrency`
///    calls in flight on one connection, for `--seconds` after a warm-up; the baseline, in the
///    same run and on the same server and connection, is the health check (`Health/Check`, which
///    does no work): `ratio` is how much of the transport's own rate a status call keeps.
/// 2. A burst of `--burst` suspends of different people (`--concurrency` in flight) while the
///    simulator throttles every other Graph request (429, `Retry-After` 0.2 s): timed until every
///    call answered, then checked against the simulator's record — each person disabled exactly once.
struct IdentityBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "Benchmark palisade-identity: status calls from the directory copy, suspends under a 429 storm (release builds only)."
    )

    @Option(name: .long, help: "People in the simulated tenant.")
    var users: Int = 10_000

    @Option(name: .long, help: "Measured seconds per status phase (after a warm-up of a quarter of it).")
    var seconds: Double = 10

    @Option(name: .long, help: "Calls in flight.")
    var concurrency: Int = 64

    @Option(name: .long, help: "Suspends in the burst (at most --users).")
    var burst: Int = 1_000

    func validate() throws {
        guard users > 0, seconds > 0, concurrency > 0, burst > 0, burst <= users else {
            throw ValidationError("--users, --seconds, --concurrency and --burst must be positive, and --burst at most --users")
        }
    }

    func run() async throws {
        var logger = Logger(label: "palisade-bench.identity")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-identity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let world = try await IdentityBenchWorld(users: users, directory: directory, logger: logger)
        do {
            try await measure(world)
        } catch {
            await world.shutdown()
            throw error
        }
        await world.shutdown()
    }

    private func measure(_ world: IdentityBenchWorld) async throws {
        let client = try world.client(identity: "alerting")
        defer { client.close() }
        let emails = world.people.map(\.email)
        // The copy's first read: the status phase measures the copy, not Graph.
        let first = try await client.call(IdentityAPI.getUserStatus, UserStatusRequest(email: emails[0]))
        guard first.state == .active || first.state == .disabled else { throw BenchFailure("the first status is \(first.state)") }

        let warmup = seconds / 4
        _ = try await rate(for: warmup) { index in _ = try await client.call(HealthAPI.check, HealthCheckRequest()) }
        let baselineCPUBefore = world.serviceCPUSeconds
        let baselineStart = ContinuousClock.now
        let baseline = try await rate(for: seconds) { _ in _ = try await client.call(HealthAPI.check, HealthCheckRequest()) }
        let baselineCPUPerCall =
            (world.serviceCPUSeconds - baselineCPUBefore) / (baseline * (ContinuousClock.now - baselineStart).seconds) * 1_000_000
        _ = try await rate(for: warmup) { index in
            _ = try await client.call(IdentityAPI.getUserStatus, UserStatusRequest(email: emails[index % emails.count]))
        }
        let cpuBefore = world.serviceCPUSeconds
        let statusStart = ContinuousClock.now
        let statuses = try await rate(for: seconds) { index in
            let status = try await client.call(IdentityAPI.getUserStatus, UserStatusRequest(email: emails[index % emails.count]))
            guard status.state != .notFound else { throw BenchFailure("\(emails[index % emails.count]) not found") }
        }
        let statusCalls = statuses * (ContinuousClock.now - statusStart).seconds
        let cpuPerCall = (world.serviceCPUSeconds - cpuBefore) / statusCalls * 1_000_000
        print(
            String(
                format:
                    "status: status_calls_per_s=%.0f baseline_calls_per_s=%.0f service_cpu_us_per_call=%.1f baseline_cpu_us_per_call=%.1f",
                statuses,
                baseline, cpuPerCall, baselineCPUPerCall))

        let burstFigures = try await suspendBurst(world, client: client)
        print(
            String(
                format:
                    "status_calls_per_s=%.0f baseline_calls_per_s=%.0f ratio=%.2f service_cpu_us_per_call=%.1f burst_suspends=%d burst_seconds=%.1f applied_once=%d duplicates=%d missing=%d throttled=%d",
                statuses, baseline, statuses / baseline, cpuPerCall, burst, burstFigures.seconds, burstFigures.appliedOnce,
                burstFigures.duplicates,
                burstFigures.missing, burstFigures.throttled))
    }

    /// Calls per second of `call` with `concurrency` in flight for `duration` seconds; `call` gets a running index.
    private func rate(for duration: Double, _ call: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(duration * 1000)))
        let next = SharedIndex()
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while clock.now < deadline {
                        try await call(next.take())
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / (clock.now - start).seconds
    }

    private func suspendBurst(_ world: IdentityBenchWorld, client: RPCClient) async throws -> (
        seconds: Double, appliedOnce: Int, duplicates: Int, missing: Int, throttled: Int
    ) {
        let targets = world.people.filter { $0.status == .active && !$0.isAdmin }.prefix(burst)
        guard targets.count == burst else { throw BenchFailure("only \(targets.count) active people for a burst of \(burst)") }
        let callsBefore = world.simulator.inspect().calls.count
        world.simulator.setFaults([EntraFault(.throttled(retryAfterMilliseconds: 200), .every(2), scope: .all)])
        let clock = ContinuousClock()
        let start = clock.now
        let next = SharedIndex()
        let list = Array(targets)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let index = next.take()
                        guard index < list.count else { return }
                        let request = UserActionRequest(
                            idempotencyKey: "bench/\(list[index].entraID)/suspend", email: list[index].email, reason: "bench")
                        let result = try await client.call(IdentityAPI.suspendUser, request, options: CallOptions(timeout: .seconds(300)))
                        guard result.outcome == .applied else { throw BenchFailure("\(list[index].email): \(result.outcome)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (clock.now - start).seconds
        world.simulator.setFaults([])
        let inspection = world.simulator.inspect()
        var changes: [String: Int] = [:]
        for change in inspection.changes where change.what == "accountEnabled" { changes[change.user, default: 0] += 1 }
        let once = list.filter { changes[$0.entraID] == 1 }.count
        let duplicates = list.filter { (changes[$0.entraID] ?? 0) > 1 }.count
        let missing = list.filter { changes[$0.entraID] == nil }.count
        let throttled = inspection.calls.dropFirst(callsBefore).filter { $0.status == 429 }.count
        return (elapsed, once, duplicates, missing, throttled)
    }
}

/// A benchmark that found something wrong.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A running index the calling tasks share.
final class SharedIndex: Sendable {
    private let value = Atomic<Int>(0)

    /// The next index, from 0.
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
