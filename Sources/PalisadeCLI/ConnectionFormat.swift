import Foundation
import PalisadeMessages
import PalisadeWire

/// How the connector commands show connections: one line for a single connection, an aligned
/// table for `palisade connections`.
enum ConnectionFormat {
    /// `conn_7f3a  Acme Corp (E0123ABCD)  Backfilling 42%`.
    static func line(_ info: ConnectionInfo) -> String {
        TerminalText.printable("\(info.id)  \(info.orgName) (\(info.orgID))  \(info.statusText)")
    }

    /// The column titles of `table`.
    static let headers = ["ID", "ORG", "NAME", "STATUS", "BACKFILL", "FETCHED", "PENDING", "LAST SUCCESS"]

    /// The longest STATUS cell: an error can run to a paragraph; `--json` has it whole.
    static let statusWidth = 72

    /// The connections as a table with a header row, columns padded to their widest cell and
    /// separated by two spaces; the last column is not padded so lines carry no trailing spaces.
    /// A long status is cut (`--json` has it whole).
    static func table(_ connections: [ConnectionInfo]) -> String {
        TerminalText.table(
            headers: headers,
            rows: connections.map { info in
                [
                    info.id, info.orgID, info.orgName, TerminalText.cut(info.statusText, to: statusWidth),
                    "\(Int(info.backfillPercent.rounded(.down)))%", String(info.entriesFetched),
                    String(info.entriesPending), info.lastSuccess.map(TerminalText.timestamp) ?? "never",
                ]
            })
    }

    /// The line under the table while delivery to ingestion fails (nil while it works): the
    /// entries then wait in the outbox, and PENDING alone would not say why.
    static func deliveryLine(_ delivery: DeliveryStatus) -> String? {
        guard delivery.failing else { return nil }
        let since = delivery.failingSince.map { " since \(TerminalText.timestamp($0))" } ?? ""
        return TerminalText.printable("delivery to ingestion failing\(since): \(delivery.lastError); entries wait in the outbox (PENDING)")
    }

    /// The lines under the table for connections with entries that ingestion refused for good:
    /// they are not in PENDING and will not be delivered, so the table alone would hide them.
    static func deadLetterLines(_ connections: [ConnectionInfo]) -> [String] {
        connections.filter { $0.entriesDeadLettered > 0 }.map { info in
            let count = info.entriesDeadLettered
            let entries = count == 1 ? "1 entry refused by ingestion for good is" : "\(count) entries refused by ingestion for good are"
            return TerminalText.printable("\(info.id): \(entries) kept in the dead-letter table (see palisade_connector_dead_letters)")
        }
    }

    /// The lines under the table for connections whose machine's clock is more than 5 s from
    /// Slack's: watermarks come from this clock, so one running ahead can skip late entries.
    static func clockSkewLines(_ connections: [ConnectionInfo]) -> [String] {
        connections.filter { abs($0.clockSkewSeconds) > 5 }.map { info in
            let skew = info.clockSkewSeconds
            let side = skew > 0 ? "ahead of" : "behind"
            return TerminalText.printable(
                "\(info.id): the connector's clock is \(abs(skew)) s \(side) Slack's; fix its time (NTP): "
                    + "while it runs ahead, entries Slack publishes late can be missed")
        }
    }

    /// The list as `palisade connections --json` prints it: the `ConnectionList`'s JSON mapping
    /// (Protocol/connector.md), one compact object with sorted keys.
    static func json(_ list: ConnectionList) throws(WireError) -> String {
        String(decoding: try WireJSONEncoder().encode(list), as: UTF8.self)
    }
}
