import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade activities stats`: what the activity log holds and what to look at.
struct ActivityStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the activity log holds: activities, time span, size, GeoIP, IP ranges, unknown actions.",
        discussion: """
            Warnings at the end say what needs a person: an old GeoIP database, actions the shipped \
            catalogue does not know. --json prints the IngestionStats message's JSON (Protocol/ingestion.md).

            Example:
              palisade activities stats --address ingestion.example.net:7102
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @Flag(name: .long, help: "Print the IngestionStats JSON instead of a summary.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// Asks `rpc` for the figures and prints them to `output`.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let stats = try await rpc.call(IngestionAPI.getStats, Empty(), options: ingestion.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(stats), as: UTF8.self))
        } else {
            output.line(IngestionStatsFormat.summary(stats))
        }
    }
}
