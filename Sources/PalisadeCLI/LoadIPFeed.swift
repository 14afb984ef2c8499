import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade ip-ranges load`: sends a downloaded feed file to ingestion, which parses it and
/// replaces that feed's range.
struct LoadIPFeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load a downloaded IP feed (Tor exits, FireHOL, Spamhaus DROP, AWS, Azure), replacing its previous load.",
        discussion: """
            The file is sent as downloaded, in chunks of 1 MiB (64 MiB at most); ingestion parses it \
            and stores it as the range named after the feed, all or nothing: a file with a line its \
            format does not allow is refused whole, listing the bad lines. Files: tor, the bulk exit \
            list (https://check.torproject.org/torbulkexitlist); firehol, firehol_level1.netset; \
            spamhaus, drop_v4.json, drop_v6.json or drop.txt; aws, ip-ranges.json; azure, \
            ServiceTags_Public_YYYYMMDD.json.

            Example:
              curl -sSo tor.txt https://check.torproject.org/torbulkexitlist
              palisade ip-ranges load --format tor tor.txt
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @Option(help: ArgumentHelp("The feed: \(MessageNames.feedFormat.list).", valueName: "feed"))
    var format: String

    @Argument(help: "The feed file, as downloaded.")
    var file: String

    func validate() throws {
        _ = try feedFormat()
    }

    /// `--format` as the message's enum.
    func feedFormat() throws -> IPFeedFormat {
        try MessageNames.feedFormat.value(named: format, option: "--format")
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let feed = try IPFeedFile.check(file)  // before connecting: a wrong path costs no call
            try await execute(rpc: try ingestion.makeClient(), feed: feed, output: StandardOutput())
        }
    }

    /// Sends `feed` through `rpc` and prints what ingestion stored.
    func execute(rpc: RPCClient, feed: IPFeedFile, output: any CommandOutput) async throws {
        let format = try feedFormat()
        let summary = try await rpc.clientStreaming(IngestionAPI.loadIPFeed, options: ingestion.streamOptions) { writer in
            _ = try await feed.send(format: format, to: writer)
        }
        output.line(Self.summaryLine(summary, format: format))
    }

    /// `loaded the tor feed: 1290 networks (1288 replaced); risky, tags Tor`.
    static func summaryLine(_ summary: IPFeedSummary, format: IPFeedFormat) -> String {
        let name = summary.range?.name ?? MessageNames.feedFormat.name(of: format)
        var line = "loaded the \(name) feed: \(summary.networks) networks (\(summary.replaced) of the previous load replaced)"
        if let range = summary.range {
            line += "; " + MessageNames.rangeCategory.name(of: range.category)
            if !range.tags.isEmpty { line += ", tags " + range.tags.joined(separator: ", ") }
        }
        return TerminalText.printable(line)
    }
}
