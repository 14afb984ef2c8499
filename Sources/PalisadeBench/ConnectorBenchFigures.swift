import Foundation

/// The figures of one `palisade-bench connector` run, or their medians over several.
struct ConnectorBenchFigures {
    /// Entries the receiver counted (more than generated would mean redeliveries).
    var entries = 0
    /// From `addConnection` to the last entry counted.
    var seconds = 0.0
    /// From `addConnection` until the backfill was wholly stored (the rest is delivery).
    var storedSeconds = 0.0
    var entriesPerSecond = 0.0
    var baselinePerSecond = 0.0
    var baselineSeconds = 0.0
    /// Pages of the baseline (one query over the whole period).
    var pages = 0
    /// Pages the connector fetched (its backfill windows each end with a partial page).
    var connectorPages = 0
    /// CPU time of this process (connector, simulator and receiver together) over the
    /// connector run's wall time: how many of the machine's cores the run kept busy.
    var cores = 0.0
    var generationSeconds: Double?

    /// The connector's rate relative to the fetch-and-scan baseline of the same run.
    var ratio: Double { baselinePerSecond > 0 ? entriesPerSecond / baselinePerSecond : 0 }

    var line: String {
        var s = String(
            format:
                "entries=%d seconds=%.2f stored_s=%.2f entries_per_s=%.0f baseline_per_s=%.0f baseline_s=%.2f ratio=%.2f pages=%d connector_pages=%d cores=%.2f",
            entries, seconds, storedSeconds, entriesPerSecond, baselinePerSecond, baselineSeconds, ratio, pages, connectorPages, cores)
        if let generationSeconds { s += String(format: " gen_s=%.1f", generationSeconds) }
        return s
    }

    /// Medians of each figure (the upper middle one for an even count; the ratio is taken of
    /// the median rates).
    static func median(_ runs: [ConnectorBenchFigures]) -> ConnectorBenchFigures {
        guard let first = runs.first, runs.count > 1 else { return runs.first ?? ConnectorBenchFigures() }
        func mid<T: Comparable>(_ key: KeyPath<ConnectorBenchFigures, T>) -> T { upperMiddle(runs, key) }
        var median = first
        median.entries = mid(\.entries)
        median.seconds = mid(\.seconds)
        median.storedSeconds = mid(\.storedSeconds)
        median.entriesPerSecond = mid(\.entriesPerSecond)
        median.baselinePerSecond = mid(\.baselinePerSecond)
        median.baselineSeconds = mid(\.baselineSeconds)
        median.pages = mid(\.pages)
        median.connectorPages = mid(\.connectorPages)
        median.cores = mid(\.cores)
        return median
    }
}
