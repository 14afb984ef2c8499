import Foundation
import PalisadeMessages

/// How `palisade activities stats` shows `IngestionStats`: one labelled line per figure, then
/// the unknown actions as a table and the warnings, each on its own line.
enum IngestionStatsFormat {
    /// The width of the labels, so the figures line up.
    private static let labelWidth = 16

    /// The summary, lines joined.
    static func summary(_ stats: IngestionStats) -> String {
        var lines = [
            labelled("activities", activities(stats)),
            labelled("time span", timeSpan(stats)),
            labelled("database", mebibytes(stats.databaseBytes)),
            labelled("GeoIP database", geoIP(stats)),
            labelled("IP ranges", "\(stats.ipRanges) ranges, \(stats.ipNetworks) networks"),
            labelled("retention", "\(stats.retentionDays) days"),
        ]
        if stats.unknownActions.isEmpty {
            lines.append(labelled("unknown actions", "none"))
        } else {
            lines.append("unknown actions (not in the shipped catalogue; categorised by name or as other):")
            let rows = stats.unknownActions.map { unknown in
                [
                    unknown.action, String(unknown.count), TerminalText.timestamp(unknown.firstSeen),
                    TerminalText.timestamp(unknown.lastSeen),
                ]
            }
            let table = TerminalText.table(headers: ["ACTION", "COUNT", "FIRST SEEN", "LAST SEEN"], rows: rows)
            lines += table.split(separator: "\n").map { "  " + $0 }
        }
        lines += stats.warnings.map { "warning: " + TerminalText.printable($0) }
        return lines.joined(separator: "\n")
    }

    private static func labelled(_ label: String, _ value: String) -> String {
        label + String(repeating: " ", count: max(1, labelWidth - label.count)) + TerminalText.printable(value)
    }

    /// `1234 (sequences 1–1234)`, or `0` for an empty log.
    static func activities(_ stats: IngestionStats) -> String {
        guard stats.activities > 0 else {
            return stats.lastSequence > 0 ? "0 (every activity up to sequence \(stats.lastSequence) was pruned)" : "0"
        }
        return "\(stats.activities) (sequences \(stats.firstSequence)–\(stats.lastSequence))"
    }

    /// The oldest and newest activity times.
    static func timeSpan(_ stats: IngestionStats) -> String {
        switch (stats.firstTime, stats.lastTime) {
        case (let first?, let last?): "\(TerminalText.timestamp(first)) to \(TerminalText.timestamp(last))"
        case (let first?, nil): "from \(TerminalText.timestamp(first))"
        case (nil, let last?): "to \(TerminalText.timestamp(last))"
        case (nil, nil): "no activities"
        }
    }

    /// Bytes in MiB with one decimal: `12.5 MiB`.
    static func mebibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// The GeoIP database and its build date, or what missing one means.
    static func geoIP(_ stats: IngestionStats) -> String {
        guard !stats.geoipDatabase.isEmpty else { return "none configured (activities get no location)" }
        guard let built = stats.geoipBuilt else { return stats.geoipDatabase }
        return "\(stats.geoipDatabase), built \(String(TerminalText.timestamp(built).prefix(10)))"
    }
}
