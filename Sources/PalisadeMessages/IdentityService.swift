import PalisadeWire

/// The methods of `palisade.identity.v1.Identity` (see `Protocol/identity.md`), served alike by
/// the Entra ID and the Okta identity services.
public enum IdentityAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.identity.v1.Identity"
    /// The port an identity service listens on, and its clients dial, by default.
    public static let defaultPort = 7105

    /// Who may ask about users: detection, alerting and operators.
    public static let readers: Set<String> = ["detection", "alerting", "operator/*"]

    /// `GetUserStatus`: whether a user's account exists and may sign in.
    public static let getUserStatus = RPCMethod<UserStatusRequest, UserStatus>.unary(service, "GetUserStatus", allow: readers)

    /// The statuses of `GetUserStatus` that are final: asked again unchanged, the call fails
    /// again. Every other failure (`UNAVAILABLE` above all) is retried.
    public static let finalStatuses: Set<StatusCode> = [.invalidArgument, .failedPrecondition]
}
