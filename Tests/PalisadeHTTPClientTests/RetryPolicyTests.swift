import Foundation
import PalisadeHTTPClient
import PalisadeTestSupport
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    private let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT

    @Test func backoffDoublesAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

        #expect(policy.backoff(forAttempt: 1) == .milliseconds(100))
        #expect(policy.backoff(forAttempt: 2) == .milliseconds(200))
        #expect(policy.backoff(forAttempt: 4) == .milliseconds(800))
        #expect(policy.backoff(forAttempt: 5) == .seconds(1))
        #expect(policy.backoff(forAttempt: 1000) == .seconds(1))
    }

    @Test func noJitterGivesTheExactBackoff() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), jitter: 0)
        var generator = SplitMix64(seed: 1)

        #expect(policy.delay(forAttempt: 3, retryAfter: nil, now: now, using: &generator) == .milliseconds(400))
    }

    @Test func fullJitterStaysWithinZeroAndTheBackoff() throws {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(2))
        var generator = SplitMix64(seed: 42)
        for attempt in 1...9 {
            let cap = policy.backoff(forAttempt: attempt)
            let samples = (0..<200).compactMap { _ in
                policy.delay(forAttempt: attempt, retryAfter: nil, now: now, using: &generator)
            }
            #expect(samples.count == 200)
            let allWithinCap = samples.allSatisfy { $0 >= .zero && $0 <= cap }
            #expect(allWithinCap)
            // Spread, not a constant: full jitter uses the whole range.
            let lowest = try #require(samples.min())
            let highest = try #require(samples.max())
            #expect(lowest < cap / 4 && highest > cap * 3 / 4)
        }
    }

    @Test func partialJitterKeepsTheLowerBound() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), jitter: 0.25)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let delay = policy.delay(forAttempt: 1, retryAfter: nil, now: now, using: &generator)
            let withinJitterRange = delay.map { $0 >= .milliseconds(750) && $0 <= .seconds(1) }
            #expect(withinJitterRange == true)
        }
    }

    @Test func noDelayOnceAttemptsAreUsedUp() {
        let policy = RetryPolicy(maxAttempts: 3)

        #expect(policy.delay(forAttempt: 2, retryAfter: nil) != nil)
        #expect(policy.delay(forAttempt: 3, retryAfter: nil) == nil)
        #expect(policy.delay(forAttempt: 3, retryAfter: "1") == nil)
        #expect(RetryPolicy(maxAttempts: 1).delay(forAttempt: 1, retryAfter: nil) == nil)
    }

    @Test func retryAfterReplacesTheBackoffAndIsCapped() {
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxRetryAfter: .seconds(30))
        var generator = SplitMix64(seed: 3)

        #expect(policy.delay(forAttempt: 1, retryAfter: "2", now: now, using: &generator) == .seconds(2))
        #expect(policy.delay(forAttempt: 1, retryAfter: "3600", now: now, using: &generator) == .seconds(30))
        let unparsable = policy.delay(forAttempt: 1, retryAfter: "soon", now: now, using: &generator)
        let unparsableUsesBackoff = unparsable.map { $0 <= .milliseconds(1) }
        #expect(unparsableUsesBackoff == true)
    }

    @Test(arguments: [
        ("120", Duration.seconds(120)),
        (" 0 ", .zero),
        ("Wed, 21 Oct 2015 07:28:30 GMT", .seconds(30)),
        ("Wednesday, 21-Oct-15 07:29:00 GMT", .seconds(60)),
        ("Wed Oct 21 07:28:05 2015", .seconds(5)),
        ("Wed Oct  1 07:28:05 2015", .zero),  // in the past
        ("Tue, 20 Oct 2015 07:28:00 GMT", .zero),
        ("1.5", .milliseconds(1500)),  // Graph's fractional seconds
        ("2.128", .milliseconds(2128)),
        ("0.0001", .milliseconds(1)),  // rounded up, never to zero
    ])
    func parsesRetryAfter(value: String, expected: Duration) {
        #expect(RetryPolicy.parseRetryAfter(value, now: now) == expected)
    }

    @Test(arguments: [
        "", "-5", ".5", "1.", "1.2.3", "-1.5", "1e3", "tomorrow", "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT",
    ])
    func rejectsMalformedRetryAfter(value: String) {
        #expect(RetryPolicy.parseRetryAfter(value, now: now) == nil)
    }

    @Test func leapYearDatesAreExact() {
        let leapDay = RetryPolicy.parseRetryAfter("Thu, 29 Feb 2024 00:00:00 GMT", now: Date(timeIntervalSince1970: 1_709_164_800 - 10))
        #expect(leapDay == .seconds(10))
    }

    @Test func retryableDefaults() {
        let policy = RetryPolicy()

        #expect([429, 502, 503, 504].allSatisfy(policy.isRetryable(status:)))
        #expect(![200, 400, 401, 403, 404, 500, 501].contains(where: policy.isRetryable(status:)))
        #expect(policy.isRetryable(error: HTTPClientError(code: .couldNotConnect, message: "")))
        #expect(policy.isRetryable(error: HTTPClientError(code: .couldNotResolveHost, message: "")))
        #expect(!policy.isRetryable(error: HTTPClientError(code: .timeout, message: "")))
        #expect(!policy.isRetryable(error: HTTPClientError(code: .cancelled, message: "")))
        #expect(!policy.isRetryable(error: HTTPClientError(code: .tlsCertificate, message: "")))
    }
}
