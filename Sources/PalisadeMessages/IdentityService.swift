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
    /// Who may act on users: alerting (governance actions of alerts) and operators.
    public static let actors: Set<String> = ["alerting", "operator/*"]

    /// `GetUserStatus`: whether a user's account exists and may sign in.
    public static let getUserStatus = RPCMethod<UserStatusRequest, UserStatus>.unary(service, "GetUserStatus", allow: readers)
    /// `ListActions`: the provider and the actions this service takes there.
    public static let listActions = RPCMethod<Empty, IdentityCapabilities>.unary(service, "ListActions", allow: readers)
    /// `NotifyUser`: mails the user a notice.
    public static let notifyUser = RPCMethod<UserActionRequest, UserActionResult>.unary(service, "NotifyUser", allow: actors)
    /// `RequireSignIn`: revokes the user's sessions and refresh tokens.
    public static let requireSignIn = RPCMethod<UserActionRequest, UserActionResult>.unary(service, "RequireSignIn", allow: actors)
    /// `SuspendUser`: blocks the account's sign-in.
    public static let suspendUser = RPCMethod<UserActionRequest, UserActionResult>.unary(service, "SuspendUser", allow: actors)
    /// `UnsuspendUser`: lets the account sign in again.
    public static let unsuspendUser = RPCMethod<UserActionRequest, UserActionResult>.unary(service, "UnsuspendUser", allow: actors)

    /// Each action's method.
    public static func method(for action: IdentityAction) -> RPCMethod<UserActionRequest, UserActionResult>? {
        switch action {
        case .notifyUser: notifyUser
        case .requireSignIn: requireSignIn
        case .suspendUser: suspendUser
        case .unsuspendUser: unsuspendUser
        case .unspecified: nil
        }
    }

    /// The statuses of every identity method that are final: asked again unchanged, the call
    /// fails again (and an action's key answers them again without asking the provider). Every
    /// other failure (`UNAVAILABLE` above all) may be retried with the same key.
    public static let finalStatuses: Set<StatusCode> = [.invalidArgument, .failedPrecondition, .notFound, .alreadyExists]
}
