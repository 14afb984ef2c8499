import PalisadeHTTPClient

/// How the connector polls Slack; the defaults follow Slack's guidance and what collectors do.
public struct SyncSettings: Sendable, Hashable {
    /// Time between polls once the backfill is done.
    public var pollInterval: Duration = .seconds(30)
    /// How far back each poll re-reads (seconds), so entries Slack publishes late are not
    /// missed; repeats are dropped by entry id. Held to `overlapRange` however it is set: a
    /// negative overlap would skip the seconds just past the watermark.
    public var overlap: Int64 = 600 {
        didSet { overlap = min(max(overlap, Int64(Self.overlapRange.lowerBound)), Int64(Self.overlapRange.upperBound)) }
    }
    /// The overlap a connection may be given, in seconds: the bound for `sync.overlapSeconds` in
    /// the configuration, and what `overlap` is held to when code sets it (tests, benchmarks).
    /// No RPC takes an overlap (`AddConnection` and `CompleteOAuth` take `backfillDays` only).
    public static let overlapRange = 0...86_400
    /// The most entries a poll reads again from its overlap that were stored before (they are
    /// dropped as they arrive). Past it the re-read stops, newest seconds read, oldest not: after
    /// a burst, each poll of the next overlap window costs about two pages instead of the whole
    /// burst again. Entries that arrived late are kept whatever their number.
    public var overlapRereadLimit: Int = 20_000
    /// Days of history fetched when a connection is added.
    public var backfillDays: Int = 7
    /// The history a connection may ask for, in days: the same bound for `sync.backfillDays`
    /// in the configuration and for `AddConnection`'s `backfillDays` over RPC.
    public static let backfillDaysRange = 1...365
    /// `limit` per page (Slack's maximum is 9,999).
    public var pageSize: Int = 9999
    /// Entries a backfill window should hold; the window's length adapts to stay near it, so
    /// memory stays bounded however dense the history is.
    public var windowTarget: Int = 50_000
    /// The most entries one window may hold (about 600 bytes each in memory). A window found to
    /// hold more is abandoned part-way and fetched again in shorter windows, so a burst of
    /// activity (or a poll after days of downtime) cannot exhaust memory.
    public var windowLimit: Int = 200_000
    /// The first backfill window's length, in seconds.
    public var initialWindow: Int64 = 3600
    /// The longest backfill window, in seconds.
    public var maxWindow: Int64 = 86_400
    /// First wait after a retryable failure; doubles per failure up to `maxBackoff`, with jitter.
    public var baseBackoff: Duration = .seconds(1)
    /// The longest wait between retries.
    public var maxBackoff: Duration = .seconds(300)
    /// A rotating token is refreshed this long (seconds) before it expires.
    public var refreshMargin: Int64 = 600
    /// The largest outbox batch payload in bytes (a batch is one RPC message; the default
    /// maximum message size is 4 MiB).
    public var maxBatchBytes: Int = 3 << 20
    /// Outbox bytes at which fetching pauses (state Waiting) until ingestion takes some: what
    /// bounds the disk while ingestion is away. One window may overshoot it.
    public var maxOutboxBytes: Int64 = 1 << 30

    /// The defaults.
    public init() {}

    /// The wait after `failures` consecutive retryable failures: capped exponential, with
    /// jitter over the upper half so many connections do not retry in step.
    public func backoff(afterFailures failures: Int) -> Duration {
        Self.jitteredBackoff(afterFailures: failures, base: baseBackoff, max: maxBackoff)
    }

    /// The HTTP client's retry arithmetic (capped doubling, jitter over the upper half), for
    /// every retry loop of the connector.
    static func jitteredBackoff(afterFailures failures: Int, base: Duration, max: Duration) -> Duration {
        let policy = RetryPolicy(maxAttempts: Int.max, baseDelay: base, maxDelay: max, jitter: 0.5)
        return policy.delay(forAttempt: Swift.max(failures, 1), retryAfter: nil) ?? max
    }
}
