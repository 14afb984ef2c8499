import Foundation

/// The bounds every attack is held to, and which of them a row breaches.
struct AbuseBounds: Sendable {
    /// Peak RSS may exceed the idle RSS by at most this much (MiB).
    let rssLimitMiB: Double
    /// The normal client's p99 latency during the attack (ms).
    let p99LimitMs: Double
    /// Full mode: RSS 10 s after the attack must be back within `rssAfterFactor` × idle.
    let checksRSSAfter: Bool
    /// See `checksRSSAfter`.
    let rssAfterFactor = 2.0
    /// Server cores in the 2 s after the attack, above the idle baseline (the normal client's
    /// own calls cost CPU too: a debug build spends a few hundredths of a core on them).
    let cpuAfterLimit = 0.1

    /// The bounds `row` breaches, short enough for the verdict column.
    func breaches(of row: AbuseRow) -> [String] {
        var found: [String] = []
        if let crash = row.crash { found.append(crash) }
        if let killed = row.killedAtMiB { found.append(String(format: "killed by the suite's safety cap at %.0f MiB", killed)) }
        if row.peakMiB > row.idleMiB + rssLimitMiB {
            found.append(String(format: "rss peak +%.0f MiB > %.0f", row.peakMiB - row.idleMiB, rssLimitMiB))
        }
        if checksRSSAfter, row.crash == nil, row.afterMiB > rssAfterFactor * row.idleMiB {
            found.append(String(format: "rss after %.1fx idle > %.0fx", row.afterMiB / max(row.idleMiB, 0.1), rssAfterFactor))
        }
        if let p99 = row.normal(.during).p99Ms, p99 > p99LimitMs {
            found.append(String(format: "p99 during %.0f ms > %.0f", p99, p99LimitMs))
        }
        let calls = row.normalCalls
        if calls.failed > 0 || calls.ok == 0 {
            let first = row.normal.compactMap(\.firstError).first.map { " (\($0.prefix(80)))" } ?? ""
            found.append("\(calls.failed) normal calls failed" + first)
        }
        let excess = row.cpuAfter - row.cpuBaseline
        if row.crash == nil, excess > cpuAfterLimit {
            found.append(String(format: "cpu after %.2f (+%.2f over idle) > %.2f", row.cpuAfter, excess, cpuAfterLimit))
        }
        if let unmet = row.expectationUnmet { found.append(unmet) }
        return found
    }
}
