import Histogram

/// A closed-loop unary load: `tasks` tasks on one client, each calling `Unary` back to back.
///
/// Calls started during the warm-up are not counted. Calls started inside the measured window
/// are counted and their latency recorded (nanoseconds, HdrHistogram, 3 significant digits);
/// the rate divides their number by the time from the window's start to the last one's end,
/// so calls still in flight when the window closes are neither lost nor extrapolated.
struct UnaryLoad {
    /// Calls kept in flight at once.
    var tasks: Int
    /// Request (and so reply) body.
    var payload: [UInt8]
    /// Unmeasured time before the window.
    var warmup: Duration
    /// Length of the measured window.
    var window: Duration
    /// If set, the server process whose CPU time over the window is charged to these calls.
    var serverPID: Int32?

    /// What one run measured.
    struct Result: Sendable {
        /// Completed calls per second.
        var callsPerSecond: Double
        /// Median latency, µs.
        var p50Micros: Double
        /// 99th-percentile latency, µs.
        var p99Micros: Double
        /// Calls counted.
        var calls: Int
        /// Server CPU (user + system) µs per counted call, if a server PID was given.
        var serverCPUMicrosPerCall: Double?
    }

    private struct WorkerResult: Sendable {
        var histogram: Histogram<UInt64>
        var calls: Int
        var lastEnd: ContinuousClock.Instant
    }

    /// Runs the load against `echo` and returns its figures.
    func run(on echo: EchoClient) async throws -> Result {
        let clock = ContinuousClock()
        let windowStart = clock.now + warmup
        let windowEnd = windowStart + window
        let pid = serverPID
        let payload = self.payload
        let cpuAtStart = Task { () throws -> Double? in
            try await clock.sleep(until: windowStart)
            return try pid.map(ProcessCPU.microseconds(pid:))
        }

        let workers = try await withThrowingTaskGroup(of: WorkerResult.self) { group in
            for _ in 0..<max(tasks, 1) {
                group.addTask {
                    try await Self.worker(echo, payload: payload, windowStart: windowStart, windowEnd: windowEnd)
                }
            }
            return try await group.reduce(into: [WorkerResult]()) { $0.append($1) }
        }
        let cpuAtEnd = try pid.map(ProcessCPU.microseconds(pid:))
        let cpuBefore = try await cpuAtStart.value

        var histogram = Self.makeHistogram()
        var calls = 0
        var lastEnd = windowStart
        for worker in workers {
            histogram.add(worker.histogram)
            calls += worker.calls
            lastEnd = max(lastEnd, worker.lastEnd)
        }
        guard calls > 0 else { throw PeerError("no unary call completed in the measured window") }
        var serverCPU: Double?
        if let cpuBefore, let cpuAtEnd {
            serverCPU = (cpuAtEnd - cpuBefore) / Double(calls)
        }
        return Result(
            callsPerSecond: Double(calls) / (lastEnd - windowStart).seconds,
            p50Micros: Double(histogram.valueAtPercentile(50)) / 1000,
            p99Micros: Double(histogram.valueAtPercentile(99)) / 1000,
            calls: calls,
            serverCPUMicrosPerCall: serverCPU
        )
    }

    private static func worker(
        _ echo: EchoClient,
        payload: [UInt8],
        windowStart: ContinuousClock.Instant,
        windowEnd: ContinuousClock.Instant
    ) async throws -> WorkerResult {
        let clock = ContinuousClock()
        var result = WorkerResult(histogram: makeHistogram(), calls: 0, lastEnd: windowStart)
        while true {
            let started = clock.now
            if started >= windowEnd { break }
            let reply = try await echo.unary(payload)
            let ended = clock.now
            guard reply.count == payload.count else {
                throw PeerError("Unary replied \(reply.count) bytes to \(payload.count)")
            }
            if started >= windowStart {
                result.histogram.record(UInt64((ended - started).nanoseconds))
                result.calls += 1
                result.lastEnd = ended
            }
        }
        return result
    }

    /// 1 ns to 60 s at 3 significant digits.
    private static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 60_000_000_000,
            numberOfSignificantValueDigits: .three
        )
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds (negative durations clamp to 0).
    var nanoseconds: Int64 {
        let (whole, attoseconds) = components
        return max(0, whole * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
