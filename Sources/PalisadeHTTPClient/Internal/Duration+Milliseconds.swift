extension Duration {
    /// Whole milliseconds for curl's `*_MS` options, rounded up and at least 1: curl reads 0 as
    /// "no limit", and a sub-millisecond timeout must not silently become infinite.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        let (secondsMillis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow || secondsMillis > Int64(Int.max) { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Swift.max(1, Int(secondsMillis) + Int(fraction))
    }

    /// Seconds as a `Double`, for human messages and jitter arithmetic.
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A short human form: "250 ms", "1.5 s".
    var humanReadable: String {
        let seconds = secondsDouble
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        let tenths = (seconds * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths)) s" : "\(tenths) s"
    }
}
