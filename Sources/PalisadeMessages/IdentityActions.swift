import Foundation

// The governance messages of `palisade.identity.v1.Identity` (`Protocol/identity.md`, "Actions").

/// The request of `NotifyUser`, `RequireSignIn`, `SuspendUser` and `UnsuspendUser`: which user, and
/// the key that makes a repeated call the same action.
public struct UserActionRequest: Codable, Sendable, Equatable {
    /// Names the action: a repeated call with the same key gets the first call's answer, without
    /// the provider being asked again. 1–200 bytes of printable ASCII. Field 1.
    public var idempotencyKey: String
    /// The user's e-mail address or user principal name. Field 2.
    public var email: String
    /// The provider's own id of the user, when known; wins over `email`. Field 3.
    public var providerID: String
    /// Why, for the action log (an alert, a policy, an operator's note); never sent to the user. Field 4.
    public var reason: String
    /// What to tell the user: `NotifyUser` only, where it is required. Field 5.
    public var notice: UserNotice?

    /// Makes a request.
    public init(idempotencyKey: String = "", email: String = "", providerID: String = "", reason: String = "", notice: UserNotice? = nil) {
        self.idempotencyKey = idempotencyKey
        self.email = email
        self.providerID = providerID
        self.reason = reason
        self.notice = notice
    }

    private enum CodingKeys: Int, CodingKey {
        case idempotencyKey = 1, email = 2, providerID = 3, reason = 4, notice = 5
    }
}

/// A message to a user about something they did: sent by mail (Graph `sendMail` from the
/// configured mailbox, or the Okta service's SMTP relay).
public struct UserNotice: Codable, Sendable, Equatable {
    /// The mail's subject, one line of at most 255 characters. Field 1.
    public var subject: String
    /// The body, plain text, at most 64 KiB. Field 2.
    public var text: String
    /// An https link to more (the alert), appended to the body; optional. Field 3.
    public var link: String

    /// Makes a notice.
    public init(subject: String = "", text: String = "", link: String = "") {
        self.subject = subject
        self.text = text
        self.link = link
    }

    private enum CodingKeys: Int, CodingKey {
        case subject = 1, text = 2, link = 3
    }
}

/// What an action did.
public struct UserActionResult: Codable, Sendable, Equatable {
    /// Which action. Field 1.
    public var action: IdentityAction
    /// Whether the provider changed something or the user was already so. Field 2.
    public var outcome: ActionOutcome
    /// The provider's id of the user acted on. Field 3.
    public var providerID: String
    /// The user's address as the provider has it. Field 4.
    public var email: String
    /// `entra` or `okta`. Field 5.
    public var provider: String
    /// The provider's id of the request that did it (Graph `request-id`, Okta `X-Okta-Request-Id`);
    /// `""` when the answer needed no call. Field 6.
    public var providerRequestID: String
    /// When the action completed. Field 7.
    public var completed: Date
    /// True when this is the stored answer to an earlier call with the same key. Field 8.
    public var replayed: Bool
    /// A sentence for people: what was done, or why nothing needed doing. Field 9.
    public var detail: String

    /// Makes a result.
    public init(
        action: IdentityAction = .unspecified, outcome: ActionOutcome = .unspecified, providerID: String = "", email: String = "",
        provider: String = "", providerRequestID: String = "", completed: Date = Date(timeIntervalSince1970: 0), replayed: Bool = false,
        detail: String = ""
    ) {
        self.action = action
        self.outcome = outcome
        self.providerID = providerID
        self.email = email
        self.provider = provider
        self.providerRequestID = providerRequestID
        self.completed = completed
        self.replayed = replayed
        self.detail = detail
    }

    private enum CodingKeys: Int, CodingKey {
        case action = 1, outcome = 2, providerID = 3, email = 4, provider = 5, providerRequestID = 6, completed = 7, replayed = 8
        case detail = 9
    }
}

/// The governance actions an identity service takes on a user.
public enum IdentityAction: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Never written; what an older reader sees for a newer action.
    case unspecified = 0
    /// Mail the user a notice.
    case notifyUser = 1
    /// Revoke the user's sessions and refresh tokens: sign in again everywhere.
    case requireSignIn = 2
    /// Block the account's sign-in (Entra `accountEnabled` false, Okta `SUSPENDED`).
    case suspendUser = 3
    /// Let the account sign in again: what reverts a suspend.
    case unsuspendUser = 4

    /// The name people and the CLI use: `notify`, `require-sign-in`, `suspend`, `unsuspend`.
    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .notifyUser: "notify"
        case .requireSignIn: "require-sign-in"
        case .suspendUser: "suspend"
        case .unsuspendUser: "unsuspend"
        }
    }
}

/// Whether an action changed the account.
public enum ActionOutcome: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Never written; what an older reader sees for a newer outcome.
    case unspecified = 0
    /// The provider did it.
    case applied = 1
    /// Nothing to do: the account was already so (suspending a suspended user).
    case alreadyDone = 2
}

/// The answer of `ListActions`: which provider this service speaks for and what it can do there.
public struct IdentityCapabilities: Codable, Sendable, Equatable {
    /// `entra` or `okta`. Field 1.
    public var provider: String
    /// The actions this service takes, in `IdentityAction` order. Field 2.
    public var actions: [IdentityAction]
    /// How notices are sent, e.g. `graph sendMail as alerts@contoso.com` or `smtp via relay.example.com:587`. Field 3.
    public var notifyChannel: String
    /// The provider's tenant or organisation the service acts in (`contoso.onmicrosoft.com`, `acme.okta.com`). Field 4.
    public var tenant: String

    /// Makes a description.
    public init(provider: String = "", actions: [IdentityAction] = [], notifyChannel: String = "", tenant: String = "") {
        self.provider = provider
        self.actions = actions
        self.notifyChannel = notifyChannel
        self.tenant = tenant
    }

    private enum CodingKeys: Int, CodingKey {
        case provider = 1, actions = 2, notifyChannel = 3, tenant = 4
    }
}
