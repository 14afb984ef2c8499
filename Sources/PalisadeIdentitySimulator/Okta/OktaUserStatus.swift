/// An Okta user's `status` (identity.md §4.2). The simulator's lifecycle operations move users
/// between `ACTIVE`, `SUSPENDED`, `DEPROVISIONED`, `LOCKED_OUT` and `PROVISIONED`; the others
/// exist so that a filter naming them parses.
public enum OktaUserStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Can sign in.
    case active = "ACTIVE"
    /// Sign-in blocked; group and app assignments kept.
    case suspended = "SUSPENDED"
    /// Deactivated: the "terminated" state.
    case deprovisioned = "DEPROVISIONED"
    /// Too many failed sign-ins.
    case lockedOut = "LOCKED_OUT"
    /// Activated but the user has not set up their credentials yet.
    case provisioned = "PROVISIONED"
    /// Created, not activated.
    case staged = "STAGED"
    /// The password expired.
    case passwordExpired = "PASSWORD_EXPIRED"
    /// A password reset is under way.
    case recovery = "RECOVERY"

    /// The lifecycle links (`_links`) a user in this status has, besides `self`; Okta lists the
    /// operations the status allows, so clients can read what they may do next.
    var lifecycleLinks: [(name: String, path: String)] {
        switch self {
        case .active:
            [
                ("suspend", "lifecycle/suspend"), ("deactivate", "lifecycle/deactivate"),
                ("resetPassword", "lifecycle/reset_password"), ("expirePassword", "lifecycle/expire_password"),
                ("forgotPassword", "credentials/forgot_password"), ("changePassword", "credentials/change_password"),
                ("changeRecoveryQuestion", "credentials/change_recovery_question"),
            ]
        case .suspended: [("unsuspend", "lifecycle/unsuspend"), ("deactivate", "lifecycle/deactivate")]
        case .deprovisioned: [("activate", "lifecycle/activate")]
        case .lockedOut:
            [
                ("unlock", "lifecycle/unlock"), ("deactivate", "lifecycle/deactivate"),
                ("resetPassword", "lifecycle/reset_password"), ("expirePassword", "lifecycle/expire_password"),
            ]
        case .provisioned: [("reactivate", "lifecycle/reactivate"), ("deactivate", "lifecycle/deactivate")]
        case .staged: [("activate", "lifecycle/activate"), ("deactivate", "lifecycle/deactivate")]
        case .passwordExpired, .recovery:
            [("resetPassword", "lifecycle/reset_password"), ("deactivate", "lifecycle/deactivate")]
        }
    }
}
