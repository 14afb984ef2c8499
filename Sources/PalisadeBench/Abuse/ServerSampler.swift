import Foundation
import PalisadeRPC
import Synchronization

/// Samples the server process's resident memory and CPU time every 50 ms, on a thread of its
/// own (so a busy cooperative pool cannot skew the timing), for the peak and the averages.
///
/// RSS is `VmRSS` from /proc/PID/status; CPU is utime + stime from /proc/PID/stat over
/// `sysconf(_SC_CLK_TCK)` (`ProcessCPU`). A safety cap SIGKILLs a server whose RSS passes
/// `killAboveMiB`, so a runaway server cannot take the (shared) machine down with it.
final class ServerSampler: Sendable {
    /// One reading.
    struct Sample: Sendable {
        /// When it was taken.
        let time: ContinuousClock.Instant
        /// Resident set size in MiB.
        let rssMiB: Double
        /// CPU seconds used by the process so far.
        let cpuSeconds: Double
    }

    private let pid: Int32
    private let killAboveMiB: Double
    private let samples = Mutex<[Sample]>([])
    private let stopped = Atomic<Bool>(false)
    private let killedAt = Mutex<Double?>(nil)

    /// Starts sampling `pid`.
    init(pid: Int32, killAboveMiB: Double) {
        self.pid = pid
        self.killAboveMiB = killAboveMiB
        let thread = Thread { [self] in self.loop() }
        thread.name = "palisade-abuse-sampler"
        thread.start()
    }

    /// Stops the sampling thread (it ends within 50 ms).
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// The RSS at which the safety cap killed the server, if it did.
    var killedAtMiB: Double? { killedAt.withLock { $0 } }

    /// Takes a reading now (nil once the process is gone).
    func sampleNow() -> Sample? {
        guard let rss = Self.rssMiB(pid), let cpu = ProcessCPU.microseconds(pid) else { return nil }
        return Sample(time: .now, rssMiB: rss, cpuSeconds: cpu / 1e6)
    }

    /// The highest RSS sampled in the interval (0 without samples).
    func peakRSS(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        samples.withLock { all in all.filter { $0.time >= start && $0.time <= end }.map(\.rssMiB).max() ?? 0 }
    }

    /// Cores used on average over the interval: CPU seconds between the samples nearest to
    /// its ends, over the wall time between them.
    func cores(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        samples.withLock { all -> Double in
            guard let first = all.min(by: { abs(($0.time - start).seconds) < abs(($1.time - start).seconds) }),
                let last = all.min(by: { abs(($0.time - end).seconds) < abs(($1.time - end).seconds) }),
                last.time > first.time
            else { return 0 }
            return (last.cpuSeconds - first.cpuSeconds) / (last.time - first.time).seconds
        }
    }

    private func loop() {
        while !stopped.load(ordering: .relaxed) {
            if let sample = sampleNow() {
                samples.withLock { $0.append(sample) }
                if sample.rssMiB > killAboveMiB, killedAt.withLock({ $0 }) == nil {
                    killedAt.withLock { $0 = sample.rssMiB }
                    kill(pid, SIGKILL)
                }
            }
            usleep(50_000)
        }
    }

    /// `VmRSS` of the process in MiB.
    static func rssMiB(_ pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
        else { return nil }
        return kib / 1024
    }
}
