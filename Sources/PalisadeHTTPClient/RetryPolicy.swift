import Foundation

/// When and how long to wait before sending a request again.
///
/// Capped exponential backoff with jitter: the wait before retry *n* is drawn from
/// `[backoff × (1 − jitter), backoff]` where `backoff = min(maxDelay, baseDelay × 2^(n−1))`;
/// the default `jitter` of 1 is "full jitter", which spreads many clients' retries evenly
/// instead of synchronising them. A `Retry-After` header (seconds or HTTP-date) replaces the
/// computed wait, capped at ``maxRetryAfter``, because Slack and Graph rate limits state exactly
/// when capacity returns.
///
/// Only failures where retrying is safe are retried by default: 429, 502, 503 and 504 (the
/// server did not act, or the gateway could not reach it) and errors raised before the request
/// left the machine (`couldNotConnect`, `couldNotResolveHost`). A timeout is not, because a
/// non-idempotent call may already have taken effect; add `.timeout` to ``retryableErrors``
/// for idempotent requests.
///
/// ```swift
/// let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(500))
/// let response = try await client.send(request, retrying: policy)
/// ```
public struct RetryPolicy: Sendable {
    /// The total number of attempts, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff before the first retry, doubled for each later one.
    public var baseDelay: Duration
    /// The upper bound for the computed backoff.
    public var maxDelay: Duration
    /// The fraction of the backoff that is randomised, from 0 (exact backoff) to 1 (full jitter).
    public var jitter: Double
    /// The longest wait a `Retry-After` header can impose.
    public var maxRetryAfter: Duration
    /// Response statuses that are retried.
    public var retryableStatuses: Set<Int>
    /// Error codes that are retried.
    public var retryableErrors: Set<HTTPClientError.Code>

    /// Creates a policy; the defaults make three attempts over roughly a second.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(10),
        jitter: Double = 1.0,
        maxRetryAfter: Duration = .seconds(60),
        retryableStatuses: Set<Int> = [429, 502, 503, 504],
        retryableErrors: Set<HTTPClientError.Code> = [.couldNotConnect, .couldNotResolveHost]
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
        self.retryableErrors = retryableErrors
    }

    /// Whether a response with this status should be retried.
    public func isRetryable(status: Int) -> Bool {
        retryableStatuses.contains(status)
    }

    /// Whether this error should be retried.
    public func isRetryable(error: HTTPClientError) -> Bool {
        retryableErrors.contains(error.code)
    }

    /// The wait after attempt number `attempt` (1 for the first) failed, or `nil` when no
    /// attempt is left. `retryAfter` is the response's `Retry-After` value, if any.
    public func delay(forAttempt attempt: Int, retryAfter: String?) -> Duration? {
        var generator = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, retryAfter: retryAfter, now: Date(), using: &generator)
    }

    /// ``delay(forAttempt:retryAfter:)`` with the clock and the randomness supplied, for tests.
    public func delay(
        forAttempt attempt: Int,
        retryAfter: String?,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt >= 1, attempt < maxAttempts else { return nil }
        if let retryAfter, let requested = Self.parseRetryAfter(retryAfter, now: now) {
            return min(requested, maxRetryAfter)
        }
        let backoff = backoff(forAttempt: attempt)
        let spread = Swift.min(Swift.max(jitter, 0), 1)
        let factor = 1 - spread * Double.random(in: 0..<1, using: &generator)
        return .nanoseconds(Int64((backoff.secondsDouble * factor * 1e9).rounded()))
    }

    /// The un-jittered backoff after attempt `attempt`: `min(maxDelay, baseDelay × 2^(attempt−1))`.
    public func backoff(forAttempt attempt: Int) -> Duration {
        let exponent = Double(Swift.min(Swift.max(attempt - 1, 0), 62))
        let seconds = Swift.min(baseDelay.secondsDouble * pow(2, exponent), maxDelay.secondsDouble)
        return .nanoseconds(Int64((Swift.max(seconds, 0) * 1e9).rounded()))
    }

    /// Parses a `Retry-After` value (RFC 9110 §10.2.3): delay-seconds (`"120"`) or an HTTP-date
    /// (`"Wed, 21 Oct 2015 07:28:00 GMT"`), relative to `now`. A date in the past means "now"
    /// (zero). Decimal seconds (`"2.128"`) are read too, rounded up to the millisecond: Microsoft
    /// Graph sends them (its throttling sample does), though the RFC has whole seconds only.
    /// Returns `nil` for anything else, which callers treat as "no header".
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if text.utf8.allSatisfy(isDigit) {
            // A value too long for Int64 is still "a very long time", not garbage.
            return .seconds(Int64(text) ?? Int64(Int32.max))
        }
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].count <= 9, parts.allSatisfy({ $0.allSatisfy(isDigit) }),
            let seconds = Double(text)
        {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds <= 0 ? .zero : .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
