import Synchronization

/// Okta's per-minute rate limit: each bucket counts the requests of the current clock minute;
/// at the minute's end (`X-Rate-Limit-Reset`, Unix seconds) the count starts again. The
/// simulator's clock drives it, so tests move time instead of sleeping.
final class OktaRateLimiter: Sendable {
    /// What the rate-limit headers of one answer say.
    struct Verdict: Equatable {
        /// The bucket's ceiling per minute.
        var limit: Int
        /// Requests left in this minute after this one.
        var remaining: Int
        /// When the minute ends, Unix seconds.
        var reset: Int64
        /// Whether the request may go ahead.
        var allowed: Bool

        /// `X-Rate-Limit-Limit`, `-Remaining`, `-Reset`.
        var headers: [(name: String, value: String)] {
            [("x-rate-limit-limit", String(limit)), ("x-rate-limit-remaining", String(remaining)), ("x-rate-limit-reset", String(reset))]
        }
    }

    private struct Window {
        var start: Int64
        var used: Int
    }

    private let limits: [OktaRateBucket: Int]
    private let windows = Mutex<[OktaRateBucket: Window]>([:])

    /// A limiter; a bucket without a limit gets its default.
    init(limits: [OktaRateBucket: Int]) {
        self.limits = limits
    }

    /// The ceiling of `bucket`.
    func limit(_ bucket: OktaRateBucket) -> Int {
        max(1, limits[bucket] ?? bucket.defaultLimit)
    }

    /// Counts a request to `bucket` at `now`; refused requests count too (as on Okta, so a
    /// client that hammers gets no further until the reset).
    func admit(_ bucket: OktaRateBucket, now: Int64) -> Verdict {
        let limit = limit(bucket)
        let start = now - ((now % 60) + 60) % 60
        return windows.withLock { windows in
            var window = windows[bucket] ?? Window(start: start, used: 0)
            if window.start != start { window = Window(start: start, used: 0) }
            window.used += 1
            windows[bucket] = window
            return Verdict(
                limit: limit, remaining: max(0, limit - window.used), reset: start + 60, allowed: window.used <= limit)
        }
    }
}
