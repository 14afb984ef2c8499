import PalisadeRPC

/// The methods of `palisade.connector.v1.Connector` (see `Protocol/connector.md`), shared by
/// the connector that serves them and the `palisade` command that calls them.
public enum ConnectorAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.connector.v1.Connector"
    /// `AddConnection`: `AddConnectionRequest` → `ConnectionInfo`.
    public static let addConnection = RPCMethod(service: service, method: "AddConnection", kind: .unary)
    /// `BeginOAuth`: `BeginOAuthRequest` → `BeginOAuthResponse`.
    public static let beginOAuth = RPCMethod(service: service, method: "BeginOAuth", kind: .unary)
    /// `CompleteOAuth`: `CompleteOAuthRequest` → `ConnectionInfo`.
    public static let completeOAuth = RPCMethod(service: service, method: "CompleteOAuth", kind: .unary)
    /// `ListConnections`: `Empty` → `ConnectionList`.
    public static let listConnections = RPCMethod(service: service, method: "ListConnections", kind: .unary)
    /// `Sync`: `ConnectionRef` → `ConnectionInfo` (polls now; clears a stopped error).
    public static let sync = RPCMethod(service: service, method: "Sync", kind: .unary)
    /// `RemoveConnection`: `ConnectionRef` → `Empty`.
    public static let removeConnection = RPCMethod(service: service, method: "RemoveConnection", kind: .unary)
    /// Who may call them: operators.
    public static let callers: Set<String> = ["operator/*"]
}
