import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade disconnect <id>`: removes a connection (no confirmation: scripts call it, and the
/// organization can be connected again; ingested activities stay).
struct Disconnect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a connection: stop polling and delete its stored token.",
        discussion: "Activities already ingested stay in the activity log. Asks for no confirmation."
    )

    @OptionGroup var connection: ConnectionArguments

    func run() async throws {
        try await CommandFailure.reporting {
            let connector = connection.connector
            let rpc = try connector.makeClient()
            // RemoveConnection answers Empty, so look the connection up first to say what went.
            let list = try await rpc.call(
                ConnectorAPI.listConnections, Empty(), options: connector.callOptions)
            let removed = list.connections.first { $0.id == connection.id || $0.orgID == connection.id }
            _ = try await rpc.call(ConnectorAPI.removeConnection, connection.ref, options: connector.callOptions)
            if let removed {
                let name = TerminalText.printable(removed.orgName), org = TerminalText.printable(removed.orgID)
                print("removed \(TerminalText.printable(removed.id))  \(name) (\(org)); its token is deleted")
                print(Self.pendingNote(removed.entriesPending))
            } else {
                print("removed \(connection.id)")
            }
        }
    }

    /// What becomes of the entries the connection fetched that ingestion has not taken yet.
    static func pendingNote(_ pending: UInt64) -> String {
        pending == 0
            ? "nothing it fetched was waiting for ingestion"
            : "the \(pending) entries it fetched that ingestion has not taken yet are still delivered"
    }
}
