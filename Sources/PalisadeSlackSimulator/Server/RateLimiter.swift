import Synchronization

/// Slack's org-wide Tier 3 limit on `/audit/v1/*` as a token bucket: `burst` requests at once,
/// refilled at `perMinute`. Every app polling the org shares it, so one bucket per simulator.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let perSecond: Double
    private let capacity: Double
    private let bucket: Mutex<Bucket>

    /// A limiter; `perMinute` 0 (or less) turns it off.
    init(perMinute: Int, burst: Int) {
        perSecond = Double(max(0, perMinute)) / 60
        capacity = Double(max(1, burst))
        bucket = Mutex(Bucket(tokens: Double(max(1, burst)), updated: .now))
    }

    /// Takes one request's token: nil when allowed, else the seconds to wait (≥ 1) for `Retry-After`.
    func admit() -> Int? {
        guard perSecond > 0 else { return nil }
        return bucket.withLock { bucket in
            let now = ContinuousClock.now
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(capacity, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}
