import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// The formats of `palisade activities query`.
enum ActivityOutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// An aligned table for a person, 100 rows unless `--limit` says otherwise.
    case table
    /// RFC 4180 CSV with a header, every activity.
    case csv
    /// The wire's JSON, one activity per line, every activity.
    case jsonl
}

/// Runs a `Query` and prints its activities as they arrive. CSV and JSON lines go out one by
/// one, so an export of the whole log holds one activity in memory at a time; only a table,
/// whose columns fit its widest cell, waits for its rows.
enum ActivityPrinter {
    /// Rows of a table when `--limit` does not say.
    static let defaultTableRows: UInt32 = 100

    /// The most rows a table holds: it is kept in memory to align its columns.
    static let maxTableRows: UInt32 = 10_000

    /// What a query printed: how many activities, and the cursor of the next page when a table
    /// stopped before the end.
    struct Outcome: Sendable, Equatable {
        /// Activities printed.
        var printed: Int
        /// `--cursor` for the next page; nil when everything that matched was printed.
        var nextCursor: String?
    }

    /// Asks `rpc` for `query`'s activities and writes them to `output` in `format`.
    static func run(
        rpc: RPCClient, query: ActivityQuery, format: ActivityOutputFormat, options: CallOptions, output: any CommandOutput
    ) async throws -> Outcome {
        switch format {
        case .table:
            return try await table(rpc: rpc, query: query, options: options, output: output)
        case .csv:
            let printed = try await rpc.serverStreaming(IngestionAPI.query, query, options: options) { activities in
                // The header waits for the first answer, so a call that fails at once (a wrong
                // address, a refused filter) leaves `> export.csv` empty rather than half-written.
                var count = 0
                for try await activity in activities {
                    if count == 0 { output.write(CSV.record(ActivityFormat.csvHeader)) }
                    output.write(CSV.record(ActivityFormat.csvFields(activity)))
                    count += 1
                }
                if count == 0 { output.write(CSV.record(ActivityFormat.csvHeader)) }
                return count
            }
            return Outcome(printed: printed)
        case .jsonl:
            let printed = try await rpc.serverStreaming(IngestionAPI.query, query, options: options) { activities in
                let encoder = WireJSONEncoder()
                var count = 0
                for try await activity in activities {
                    output.line(try ActivityFormat.jsonLine(activity, encoder: encoder))
                    count += 1
                }
                return count
            }
            return Outcome(printed: printed)
        }
    }

    /// A table of `query.limit` rows (100 when 0), with a line under it giving the cursor of the
    /// next page when more match. One row more than shown is asked for, so that line appears
    /// only when there is a next page.
    private static func table(
        rpc: RPCClient, query: ActivityQuery, options: CallOptions, output: any CommandOutput
    ) async throws -> Outcome {
        let rows = query.limit == 0 ? defaultTableRows : min(query.limit, maxTableRows)
        var request = query
        request.limit = rows + 1
        let activities = try await rpc.serverStreaming(IngestionAPI.query, request, options: options) { activities in
            var received: [Activity] = []
            for try await activity in activities { received.append(activity) }
            return received
        }
        guard !activities.isEmpty else {
            output.line("no activities match")
            return Outcome(printed: 0)
        }
        let shown = Array(activities.prefix(Int(rows)))
        output.line(ActivityFormat.table(shown))
        guard activities.count > shown.count, let last = shown.last else { return Outcome(printed: shown.count) }
        let cursor = ActivityFilterOptions.cursor(after: last)
        output.line(nextPageLine(rows: shown.count, cursor: cursor))
        return Outcome(printed: shown.count, nextCursor: cursor)
    }

    /// The line under a table that stopped before the end.
    static func nextPageLine(rows: Int, cursor: String) -> String {
        "more activities match: for the next \(rows), run the same command with --cursor \(cursor) "
            + "(--format csv or jsonl prints every one)"
    }
}
