import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade ip-ranges remove`: removes an operator range or a feed by name.
struct RemoveIPRange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an IP range, or a loaded feed, by name.",
        discussion: """
            Activities already stored keep the category and tags they were given. Asks for no \
            confirmation. An unknown name is NOT_FOUND (`palisade ip-ranges list` shows the names).

            Example:
              palisade ip-ranges remove office
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @Argument(help: "The range's name, or the feed's (tor, firehol, spamhaus, aws, azure).")
    var name: String

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// Removes the range through `rpc`.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        _ = try await rpc.call(IngestionAPI.removeIPRange, IPRangeRef(name: name), options: ingestion.callOptions)
        output.line("removed \(TerminalText.printable(name)); activities ingested from now on no longer get its category and tags")
    }
}
