import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade ip-ranges list`: every range of the catalogue, operator ranges then feeds.
struct ListIPRanges: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the IP ranges: yours, then the loaded feeds.",
        discussion: """
            Columns: NAME, CATEGORY, TAGS, SOURCE (operator, or the feed), NETWORKS (the blocks, or \
            their count and the first ones), UPDATED (UTC). --json prints the IPRangeList JSON with \
            every block.

            Example:
              palisade ip-ranges list --json | jq '.ranges[].name'
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @Flag(name: .long, help: "Print the IPRangeList JSON (Protocol/ingestion.md) instead of a table.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// Lists the ranges through `rpc` and prints them.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let list = try await rpc.call(IngestionAPI.listIPRanges, Empty(), options: ingestion.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(list), as: UTF8.self))
        } else if list.ranges.isEmpty {
            output.line(
                "no IP ranges; add one with: palisade ip-ranges add NAME --network CIDR --category corporate, "
                    + "or load a feed with: palisade ip-ranges load --format tor FILE")
        } else {
            output.line(IPRangeFormat.table(list.ranges))
        }
    }
}
