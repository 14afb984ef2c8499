import PalisadeWire

/// The methods of `palisade.connector.v1.Connector` (see `Protocol/connector.md`), shared by
/// the connector that serves them and the `palisade` command that calls them.
public enum ConnectorAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.connector.v1.Connector"
    /// The port the connector listens on, and `palisade connections` dials, by default.
    public static let defaultPort = 7101
    /// Who may call them: operators.
    public static let callers: Set<String> = ["operator/*"]

    /// `AddConnection`: adds an organisation by its user token.
    public static let addConnection = RPCMethod<AddConnectionRequest, ConnectionInfo>.unary(service, "AddConnection", allow: callers)
    /// `BeginOAuth`: the Slack authorize URL for adding an organisation through OAuth.
    public static let beginOAuth = RPCMethod<BeginOAuthRequest, BeginOAuthResponse>.unary(service, "BeginOAuth", allow: callers)
    /// `CompleteOAuth`: exchanges the redirect's code and adds the organisation.
    public static let completeOAuth = RPCMethod<CompleteOAuthRequest, ConnectionInfo>.unary(service, "CompleteOAuth", allow: callers)
    /// `ListConnections`: every connection with its status.
    public static let listConnections = RPCMethod<Empty, ConnectionList>.unary(service, "ListConnections", allow: callers)
    /// `Sync`: polls now; clears a stopped error.
    public static let sync = RPCMethod<ConnectionRef, ConnectionInfo>.unary(service, "Sync", allow: callers)
    /// `RemoveConnection`: stops and forgets a connection.
    public static let removeConnection = RPCMethod<ConnectionRef, Empty>.unary(service, "RemoveConnection", allow: callers)
}
