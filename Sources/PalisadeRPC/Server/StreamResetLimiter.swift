/// A token bucket over the streams a peer throws away: RST_STREAM frames it sends, and streams
/// we refuse because it opened more than the connection allows (CVE-2023-44487, "Rapid Reset").
///
/// Cancelling a call now and then is normal; doing it thousands of times a second is how a
/// client makes a server start work it never has to pay for. Each such stream takes a token;
/// `perSecond` tokens come back each second up to `burst`. An empty bucket means the connection
/// has to go (GOAWAY ENHANCE_YOUR_CALM). Time is passed in, so the limiter is tested without
/// waiting.
struct StreamResetLimiter {
    /// The configured allowance.
    let limit: StreamResetLimit
    private var tokens: Double
    private var lastRefill: UInt64

    /// A full bucket at `now` (monotonic nanoseconds).
    init(limit: StreamResetLimit, now: UInt64) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.lastRefill = now
    }

    /// Takes `count` tokens at `now`; false while the bucket is overdrawn (refills repay the
    /// debt first; the server closes the connection at the first false anyway).
    mutating func take(_ count: Int, now: UInt64) -> Bool {
        guard count > 0 else { return tokens >= 0 }
        if now > lastRefill {
            let seconds = Double(now - lastRefill) / 1e9
            tokens = min(Double(limit.burst), tokens + seconds * Double(limit.perSecond))
            lastRefill = now
        }
        tokens -= Double(count)
        return tokens >= 0
    }
}

/// How many thrown-away streams (peer resets plus refused streams) a connection may cause: a
/// burst, refilled at a steady rate. See `RPCServerConfiguration.streamResetLimit`.
public struct StreamResetLimit: Sendable, Hashable {
    /// Streams that may be thrown away at once.
    public var burst: Int
    /// Streams per second that may be thrown away in the long run.
    public var perSecond: Int

    /// A limit of `burst` at once and `perSecond` in the long run.
    public init(burst: Int, perSecond: Int) {
        self.burst = max(1, burst)
        self.perSecond = max(0, perSecond)
    }
}
