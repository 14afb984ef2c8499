import Foundation

/// One run's figures of `palisade-bench ingest`, and their medians over runs.
struct IngestBenchFigures {
    var entries = 0
    /// The measured run: first call to last summary.
    var seconds = 0.0
    /// The baseline's inserts.
    var baselineSeconds = 0.0
    /// Normalising, enriching and encoding every entry on one core (the baseline's untimed
    /// preparation, timed on its own).
    var preparePerSecond = 0.0
    var bytesPerActivity = 0.0
    var calls = 0
    var cores = 0.0

    var entriesPerSecond: Double { seconds > 0 ? Double(entries) / seconds : 0 }
    var baselinePerSecond: Double { baselineSeconds > 0 ? Double(entries) / baselineSeconds : 0 }
    /// The run's own ratio; over runs, the median of the runs' ratios (each against the baseline
    /// measured beside it), not the ratio of the medians, which may come from different runs.
    var ratio: Double {
        get { medianRatio ?? (baselinePerSecond > 0 ? entriesPerSecond / baselinePerSecond : 0) }
        set { medianRatio = newValue }
    }
    private var medianRatio: Double?

    /// The `key=value` line.
    var line: String {
        String(
            format:
                "entries_per_s=%.0f baseline_per_s=%.0f ratio=%.2f bytes_per_activity=%.0f entries=%d seconds=%.2f baseline_s=%.2f "
                + "prepare_per_s=%.0f calls=%d cores=%.2f",
            entriesPerSecond, baselinePerSecond, ratio, bytesPerActivity, entries, seconds, baselineSeconds, preparePerSecond, calls, cores)
    }

    /// Medians of each figure (the upper middle one for an even count; seconds, so the rates are
    /// the lower middle ones).
    static func median(_ runs: [IngestBenchFigures]) -> IngestBenchFigures {
        guard let first = runs.first, runs.count > 1 else { return runs.first ?? IngestBenchFigures() }
        func mid<T: Comparable>(_ key: KeyPath<IngestBenchFigures, T>) -> T { upperMiddle(runs, key) }
        var median = first
        median.seconds = mid(\.seconds)
        median.baselineSeconds = mid(\.baselineSeconds)
        median.preparePerSecond = mid(\.preparePerSecond)
        median.bytesPerActivity = mid(\.bytesPerActivity)
        median.calls = mid(\.calls)
        median.cores = mid(\.cores)
        median.ratio = mid(\.ratio)
        return median
    }
}
