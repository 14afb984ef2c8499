import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade sync <id>`: asks the connector to poll a connection now (and retry one stopped on
/// an error).
struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Poll a connection now; retries a connection stopped on an error once its cause is fixed."
    )

    @OptionGroup var connection: ConnectionArguments

    func run() async throws {
        try await CommandFailure.reporting {
            let rpc = try connection.connector.makeClient()
            let info = try await rpc.call(ConnectorAPI.sync, connection.ref, options: connection.connector.callOptions)
            print("syncing \(ConnectionFormat.line(info))")
        }
    }
}
