import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade connections`: lists the connected organizations and how their sync stands.
struct Connections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List connected Slack organizations and their sync status.",
        discussion:
            "Columns: ID, ORG, NAME, STATUS, FETCHED, PENDING (not yet in ingestion), LAST SUCCESS (UTC). Lines under the table say "
            + "when delivery to ingestion fails, which connections have entries ingestion refused for good (dead letters), "
            + "and when the connector's clock is more than 5 s from Slack's."
    )

    @OptionGroup var connector: ConnectorClientOptions

    @Flag(name: .long, help: "Print the ConnectionList's JSON mapping (Protocol/connector.md) instead of a table.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting {
            let rpc = try connector.makeClient()
            let list = try await rpc.call(
                ConnectorAPI.listConnections, Empty(), options: connector.callOptions)
            if json {
                print(try ConnectionFormat.json(list))
            } else if list.connections.isEmpty {
                print("no connections; add one with: palisade connect slack --token-file FILE (or --oauth)")
            } else {
                print(ConnectionFormat.table(list.connections))
            }
            if !json, let delivery = list.delivery.flatMap(ConnectionFormat.deliveryLine) { print(delivery) }
            for line in json ? [] : ConnectionFormat.deadLetterLines(list.connections) { print(line) }
            for line in json ? [] : ConnectionFormat.clockSkewLines(list.connections) { print(line) }
        }
    }
}
