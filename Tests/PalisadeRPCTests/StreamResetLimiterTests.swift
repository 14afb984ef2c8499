import Testing

@testable import PalisadeRPC

/// The Rapid Reset token bucket (`StreamResetLimiter`), on injected time.
@Suite("Stream reset limiter")
struct StreamResetLimiterTests {
    /// An arbitrary monotonic start (nanoseconds), far from zero.
    static let start: UInt64 = 7_000_000_000

    /// A fresh limiter at `start` takes each `(count, at)` in turn, `at` in milliseconds after
    /// `start`; returns its answers.
    static func answers(_ limit: StreamResetLimit, _ steps: [(count: Int, at: UInt64)]) -> [Bool] {
        var limiter = StreamResetLimiter(limit: limit, now: start)
        return steps.map { limiter.take($0.count, now: start + $0.at * 1_000_000) }
    }

    @Test("the burst is allowed at once, one more is not")
    func burst() {
        let answers = Self.answers(StreamResetLimit(burst: 400, perSecond: 100), Array(repeating: (1, 0), count: 401))
        let allowed = answers.prefix(400).filter { $0 }.count
        #expect(allowed == 400)
        #expect(answers.last == false)
    }

    @Test("a batch is all or nothing against the burst")
    func batch() {
        #expect(Self.answers(StreamResetLimit(burst: 400, perSecond: 100), [(400, 0)]) == [true])
        #expect(Self.answers(StreamResetLimit(burst: 400, perSecond: 100), [(401, 0)]) == [false])
    }

    @Test("tokens come back at perSecond, never beyond the burst")
    func refill() {
        let limit = StreamResetLimit(burst: 10, perSecond: 2)
        // One second after emptying it: two tokens, not three.
        #expect(Self.answers(limit, [(10, 0), (2, 1_000), (1, 1_000)]) == [true, true, false])
        // Half a second: one token.
        #expect(Self.answers(limit, [(10, 0), (1, 500), (1, 500)]) == [true, true, false])
        // A long rest refills to the burst only.
        #expect(Self.answers(limit, [(10, 0), (10, 100_000), (1, 100_000)]) == [true, true, false])
    }

    @Test("a steady rate at perSecond is sustained indefinitely")
    func steadyRate() {
        // 100 resets a second, one every 10 ms, for a minute.
        let steps = (1...6_000).map { (count: 1, at: UInt64($0) * 10) }
        let answers = Self.answers(StreamResetLimit(burst: 5, perSecond: 100), steps)
        #expect(!answers.contains(false))
        // Twice that rate runs dry once the burst is spent.
        let twice = (1...100).map { (count: 2, at: UInt64($0) * 10) }
        #expect(Self.answers(StreamResetLimit(burst: 5, perSecond: 100), twice).contains(false))
    }

    @Test("an overdrawn bucket stays overdrawn until its debt is refilled; refusals are charged too")
    func staysOverdrawn() {
        let answers = Self.answers(
            StreamResetLimit(burst: 10, perSecond: 2),
            [
                (20, 0),  // refused, 10 in debt
                (0, 0),  // still overdrawn
                (1, 5_000),  // 10 tokens back pay the debt only: refused, 1 in debt
                (0, 5_000),  // still overdrawn
                (1, 6_000),  // 2 tokens more: repaid, and this one covered
                (1, 6_000),  // nothing left
            ])
        #expect(answers == [false, false, false, false, true, false])
    }

    @Test("time going backwards refills nothing")
    func clockBackwards() {
        var limiter = StreamResetLimiter(limit: StreamResetLimit(burst: 10, perSecond: 2), now: Self.start)
        let first = limiter.take(10, now: Self.start)
        let earlier = limiter.take(1, now: Self.start - 1_000_000_000)
        #expect(first)
        #expect(!earlier)
    }

    @Test("the limit is clamped (burst at least 1, rate not negative) and defaults to 400 at once, 100/s")
    func clamped() {
        let limit = StreamResetLimit(burst: 0, perSecond: -5)
        #expect(limit.burst == 1)
        #expect(limit.perSecond == 0)
        #expect(Self.answers(limit, [(1, 0), (1, 1_000_000)]) == [true, false])
        #expect(
            RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext).streamResetLimit
                == StreamResetLimit(burst: 400, perSecond: 100))
    }
}
