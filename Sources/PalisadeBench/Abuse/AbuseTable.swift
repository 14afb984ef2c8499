import Foundation

/// The result table and the final `key=value` line of `palisade-bench abuse`.
struct AbuseTable {
    /// One row per attack, in run order.
    let rows: [AbuseRow]

    /// The table: columns separated by ` | `, each padded to its widest cell except the last
    /// two (free text: what the attacker saw, the verdict).
    var text: String {
        let all = [AbuseRow.titles] + rows.map(\.cells)
        let padded = AbuseRow.titles.count - 2
        let widths = (0..<padded).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { column, cell in
                column < padded ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell
            }.joined(separator: " | ")
        }.joined(separator: "\n")
    }

    /// Attacks with at least one breached bound.
    var breached: [AbuseRow] { rows.filter { !$0.breaches.isEmpty } }

    /// One line of figures, e.g. `attacks=15 breaches=0 worst_rss_over_idle_mib=12.3 ...`.
    func summary(transport: String, handlers: String, short: Bool, seconds: Double) -> String {
        let worstRSS = rows.map { $0.peakMiB - $0.idleMiB }.max() ?? 0
        let worstP99 = rows.compactMap { $0.normal(.during).p99Ms }.max() ?? 0
        let worstCPUAfter = rows.map(\.cpuAfter).max() ?? 0
        let crashes = rows.filter { $0.crash != nil || $0.killedAtMiB != nil }.count
        let failed = rows.reduce(0) { $0 + $1.normalCalls.failed }
        var line = "attacks=\(rows.count) breaches=\(breached.count)"
        line += String(
            format: " worst_rss_over_idle_mib=%.1f worst_p99_during_ms=%.1f worst_cpu_after=%.2f", worstRSS, worstP99, worstCPUAfter)
        line += " crashes=\(crashes) normal_failed=\(failed) transport=\(transport) handlers=\(handlers)"
        line += " mode=\(short ? "short" : "full")" + String(format: " seconds=%g", seconds)
        if !breached.isEmpty { line += " breached=" + breached.map(\.attack.rawValue).joined(separator: ",") }
        return line
    }
}
