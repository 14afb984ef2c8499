import ArgumentParser
import Foundation
import PalisadeRPC

/// `palisade activities query`: the activities matching filters, as a table, CSV or JSON lines.
struct QueryActivities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List the activities that match filters, newest first.",
        discussion: """
            Options of different filters must all match; a filter given several times matches any of \
            its values. A table shows 100 rows (--limit changes that) and, when more match, ends with \
            the --cursor that continues after its last row. --format csv and --format jsonl (--json) \
            print every activity that matches, as they arrive, with no cap: jsonl is the service's \
            JSON form of each Activity (Protocol/activity.md), enums as numbers; the table and CSV \
            print their names. FLAGS: A administrative, I impersonated (an app or agent acted for \
            the user).

            Examples:
              palisade activities query --from 24h --category failed-login
              palisade activities query --user alice@example.com --admin \\
                --ip 203.0.113.0/24 --ip-category risky
              palisade activities query --from 2026-09-01 --to 2026-10-01 \\
                --format csv > september.csv
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @OptionGroup(title: "Filters") var filters: ActivityFilterOptions

    @Option(
        name: .long,
        help:
            "table (the default); csv (RFC 4180; a value starting with = + - @ gets a leading ') and jsonl (the wire's JSON, one a line) print every match."
    )
    var format: ActivityOutputFormat?

    @Flag(name: .long, help: "The same as --format jsonl.")
    var json = false

    /// The format asked for: `--json` is `--format jsonl`; a table by default.
    var outputFormat: ActivityOutputFormat { json ? .jsonl : format ?? .table }

    func validate() throws {
        if json, let format, format != .jsonl {
            throw ValidationError("--json is --format jsonl: drop --json or --format \(format.rawValue)")
        }
        if outputFormat == .table, let limit = filters.limit, limit == 0 || limit > ActivityPrinter.maxTableRows {
            throw ValidationError(
                "a table shows 1 to \(ActivityPrinter.maxTableRows) rows (--limit \(limit)); "
                    + "--format csv or jsonl prints every activity")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            _ = try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// Runs the query on `rpc` and prints it to `output`; spans such as `--from 24h` count
    /// back from now.
    func execute(rpc: RPCClient, output: any CommandOutput, now: Date = Date()) async throws -> ActivityPrinter.Outcome {
        try await ActivityPrinter.run(
            rpc: rpc, query: try filters.query(now: now), format: outputFormat, options: ingestion.streamOptions, output: output)
    }
}
