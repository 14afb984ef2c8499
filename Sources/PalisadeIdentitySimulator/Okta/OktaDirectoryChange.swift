/// A change a test makes to the simulated directory behind the API's back, as an admin in
/// Okta's console (or Okta itself, for a lock-out) would: ``OktaSimulator/apply(_:to:)`` or
/// `POST /_sim/users/{id|login}/{change}`.
///
/// Unlike the API's lifecycle operations these ignore the state machine's preconditions (a test
/// may suspend a locked-out user), but a change to the status the user already has records no
/// transition.
public enum OktaDirectoryChange: Sendable, Hashable {
    /// → `SUSPENDED`.
    case suspend
    /// → `ACTIVE`.
    case unsuspend
    /// → `DEPROVISIONED` (the leaver).
    case deactivate
    /// → `ACTIVE` again (also from `DEPROVISIONED`).
    case activate
    /// → `LOCKED_OUT` (too many failed sign-ins).
    case lockOut
    /// `LOCKED_OUT` → `ACTIVE`.
    case unlock
    /// The user is deleted: every API call about them answers 404 E0000007 from now on.
    case delete
    /// New profile values (nil keeps the old one); a new login must not belong to another user.
    case rename(firstName: String? = nil, lastName: String? = nil, email: String? = nil, login: String? = nil)

    /// The change's name in `/_sim/users/{id}/{name}` (`rename` takes its values as a JSON body).
    public var name: String {
        switch self {
        case .suspend: "suspend"
        case .unsuspend: "unsuspend"
        case .deactivate: "deactivate"
        case .activate: "activate"
        case .lockOut: "lock-out"
        case .unlock: "unlock"
        case .delete: "delete"
        case .rename: "rename"
        }
    }

    /// The status the change leads to; nil for `delete` and `rename`.
    var targetStatus: OktaUserStatus? {
        switch self {
        case .suspend: .suspended
        case .unsuspend, .activate, .unlock: .active
        case .deactivate: .deprovisioned
        case .lockOut: .lockedOut
        case .delete, .rename: nil
        }
    }
}

/// Why a directory change of a test could not be made.
public struct OktaSimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Hashable {
        /// No (undeleted) user has that id or login.
        case unknownUser
        /// The change itself is not possible (a login another user has, an empty login).
        case invalidChange
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
