/// Something that makes one audit entry dated a given second: the scenario's
/// `LiveEntrySource`, or a test's own generator.
public protocol LiveEntryGenerating {
    /// One entry dated `date` (Unix seconds).
    mutating func next(at date: Int64) -> SimEntry
}

/// Live mode: appends new entries to a simulator at a steady rate while it serves, some of them
/// dated a little in the past (late arrivals, which Slack's log also has: collectors re-read an
/// overlap window for them).
///
/// ```swift
/// let feed = SlackSimulatorLiveFeed(simulator: simulator, perSecond: 20, lateSeconds: 30)
/// try await feed.run(LiveEntrySource(organization: scenario.organization, seed: 7))  // until cancelled
/// ```
public struct SlackSimulatorLiveFeed: Sendable {
    /// The simulator fed.
    public let simulator: SlackSimulator
    /// Entries per second.
    public let perSecond: Double
    /// How far in the past a late entry may be dated, seconds (0 = never late).
    public let lateSeconds: Int64
    /// The share of entries that arrive late, when `lateSeconds` > 0.
    public let lateFraction: Double
    /// How often entries are appended; each tick appends those due since the last.
    public let tick: Duration
    private let seed: UInt64

    /// Makes a feed; nothing happens until ``run(_:)``.
    public init(
        simulator: SlackSimulator, perSecond: Double, lateSeconds: Int64 = 0, lateFraction: Double = 0.2,
        tick: Duration = .milliseconds(100), seed: UInt64 = 1
    ) {
        self.simulator = simulator
        self.perSecond = max(0, perSecond.isFinite ? perSecond : 0)
        self.lateSeconds = max(0, lateSeconds)
        self.lateFraction = min(1, max(0, lateFraction.isFinite ? lateFraction : 0))
        self.tick = tick > .zero ? tick : .milliseconds(100)
        self.seed = seed
    }

    /// Appends entries until the task is cancelled. The entries' dates come from the simulator's
    /// clock, so a test clock that stands still gives entries of one second.
    public func run<Source: LiveEntryGenerating>(_ source: Source) async {
        var source = source
        var random = SimRandom(seed: seed ^ 0x11FE)
        let clock = ContinuousClock()
        let started = clock.now
        var produced = 0.0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: tick)
            } catch {
                return
            }
            let elapsed = clock.now - started
            let due = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * perSecond
            let count = Int(due - produced)
            guard count > 0 else { continue }
            produced += Double(count)
            let now = simulator.configuration.clock.now()
            var batch: [SimEntry] = []
            batch.reserveCapacity(count)
            for _ in 0..<count {
                var date = now
                if lateSeconds > 0, Double.random(in: 0..<1, using: &random) < lateFraction {
                    date -= Int64.random(in: 1...lateSeconds, using: &random)
                }
                batch.append(source.next(at: date))
            }
            simulator.append(batch)
        }
    }
}
