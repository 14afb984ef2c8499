import ArgumentParser
import PalisadeMessages

/// What the commands that act on one connection take (`sync`, `disconnect`): how to reach the
/// connector, and which connection.
struct ConnectionArguments: ParsableArguments {
    @OptionGroup var connector: ConnectorClientOptions

    @Argument(help: "The connection id (conn_…) or the organization id (E…).")
    var id: String

    /// The connection as the connector's requests name it.
    var ref: ConnectionRef { ConnectionRef(id: id) }
}
