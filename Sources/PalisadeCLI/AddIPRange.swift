import ArgumentParser
import PalisadeMessages
import PalisadeNet
import PalisadeRPC

/// `palisade ip-ranges add`: adds an operator range, or replaces the one of that name.
struct AddIPRange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a named IP range with a category and tags, or replace the range of that name.",
        discussion: """
            A block that overlaps a block of another of your ranges is refused (ALREADY_EXISTS, naming \
            both): change or remove that range first. Feeds are loaded with `palisade ip-ranges load`.

            Example:
              palisade ip-ranges add office --category corporate --tag HQ \\
                --network 198.51.100.0/24 --network 2001:db8:10::/48
            """
    )

    @OptionGroup var ingestion: IngestionClientOptions

    @Argument(help: "The range's name (1 to 200 characters); adding a name in use replaces that range.")
    var name: String

    @Option(name: .customLong("network"), help: "A CIDR block or single address, IPv4 or IPv6; repeatable.")
    var networks: [String] = []

    @Option(help: ArgumentHelp("The category: \(MessageNames.rangeCategory.list).", valueName: "category"))
    var category: String

    @Option(name: .customLong("tag"), help: "A tag activities from the range carry (VPN-Paris); repeatable.")
    var tags: [String] = []

    func validate() throws {
        _ = try range()
    }

    /// The range to send; what the service would refuse is a `ValidationError` here.
    func range() throws -> IPRange {
        guard (1...200).contains(name.count) else {
            throw ValidationError("the name must be 1 to 200 characters (it has \(name.count))")
        }
        guard !networks.isEmpty else {
            throw ValidationError("give at least one --network CIDR (198.51.100.0/24, or a single address)")
        }
        for network in networks {
            do { _ = try IPNetwork(parsing: network) } catch { throw ValidationError("--network: \(error)") }
        }
        let category = try MessageNames.rangeCategory.value(named: category, option: "--category")
        return IPRange(name: name, networks: networks, category: category, tags: tags, source: "operator")
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// Adds the range through `rpc` and prints it as stored.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let stored = try await rpc.call(IngestionAPI.addIPRange, try range(), options: ingestion.callOptions)
        output.line("added \(IPRangeFormat.line(stored))")
    }
}
