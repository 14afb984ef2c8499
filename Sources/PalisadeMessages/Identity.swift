import Foundation

// Messages of `palisade.identity.v1.Identity`, specified in `Protocol/identity.md`.

/// The request of `GetUserStatus`: a user by the provider's id or by e-mail address.
public struct UserStatusRequest: Codable, Sendable, Equatable {
    /// The user's e-mail address or user principal name. Field 1.
    public var email: String
    /// The provider's own id of the user, when known; wins over `email`. Field 2.
    public var providerID: String

    /// Makes a request.
    public init(email: String = "", providerID: String = "") {
        self.email = email
        self.providerID = providerID
    }

    private enum CodingKeys: Int, CodingKey {
        case email = 1, providerID = 2
    }
}

/// What the identity provider says about a user's account.
public struct UserStatus: Codable, Sendable, Equatable {
    /// Whether the account exists and may sign in. Field 1.
    public var state: UserState
    /// The provider's id of the user; `""` when not found. Field 2.
    public var providerID: String
    /// Field 3.
    public var displayName: String
    /// The address as the provider has it (mail, else user principal name). Field 4.
    public var email: String
    /// `entra` or `okta`. Field 5.
    public var provider: String
    /// When the account was deleted or deprovisioned, when the provider says. Field 6.
    public var deleted: Date?
    /// When the provider last confirmed this answer. Field 7.
    public var asOf: Date

    /// Makes a status.
    public init(
        state: UserState = .unspecified, providerID: String = "", displayName: String = "", email: String = "",
        provider: String = "", deleted: Date? = nil, asOf: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.state = state
        self.providerID = providerID
        self.displayName = displayName
        self.email = email
        self.provider = provider
        self.deleted = deleted
        self.asOf = asOf
    }

    private enum CodingKeys: Int, CodingKey {
        case state = 1, providerID = 2, displayName = 3, email = 4, provider = 5, deleted = 6, asOf = 7
    }
}

/// The state of an account in the identity provider.
public enum UserState: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Never written; what an older reader sees for a newer state.
    case unspecified = 0
    /// Exists and may sign in.
    case active = 1
    /// Exists and may not sign in (disabled, suspended, locked out).
    case disabled = 2
    /// Deleted or deprovisioned.
    case deleted = 3
    /// The provider has no such user.
    case notFound = 4
}
