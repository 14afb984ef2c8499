import Foundation
import PalisadeMessages
import ServiceLifecycle

/// What an identity service needs from its provider (Entra ID through Microsoft Graph, Okta):
/// the service's handlers, action log and idempotency are the same for every provider
/// (`IdentityService`); only these calls differ.
///
/// Every call throws ``IdentityFailure`` and nothing else, already classified as final or
/// retryable, with the provider's request id when it gave one.
public protocol IdentityProvider: Sendable {
    /// What this provider is and does (`ListActions`).
    var capabilities: IdentityCapabilities { get }

    /// `GetUserStatus`: may answer from the service's own copy of the directory.
    func status(of user: UserKey) async throws(IdentityFailure) -> UserStatus

    /// The user an action is about, asked of the provider itself (never a stale copy): a
    /// `.notFound` failure when there is none, `.ambiguous` when the address names several.
    func user(_ user: UserKey) async throws(IdentityFailure) -> ProviderUser

    /// Takes `action` on `user`; `notice` is set exactly for `.notifyUser`.
    func perform(_ action: IdentityAction, on user: ProviderUser, notice: PreparedNotice?) async throws(IdentityFailure)
        -> ProviderOutcome

    /// Long-running parts (the Entra service's directory sync); they run while the service does.
    var services: [any Service] { get }

    /// The provider's metrics in the Prometheus text format (without a trailing blank line).
    func renderMetrics() -> String
}

extension IdentityProvider {
    /// No long-running parts.
    public var services: [any Service] { [] }
    /// No metrics of its own.
    public func renderMetrics() -> String { "" }
}

/// Which user a request names: the provider's id when given (it wins), else an address.
public struct UserKey: Sendable, Hashable, CustomStringConvertible {
    /// The provider's id of the user, or `""`.
    public var providerID: String
    /// The e-mail address or user principal name as given, or `""`.
    public var email: String

    /// Names a user.
    public init(providerID: String = "", email: String = "") {
        self.providerID = providerID
        self.email = email
    }

    /// What the action log compares a repeated key's request with: `id:<id>` or `email:<lower-cased address>`.
    public var subject: String { providerID.isEmpty ? "email:\(email.lowercased())" : "id:\(providerID)" }

    /// The id when given, else the address (for messages).
    public var description: String { providerID.isEmpty ? email : providerID }
}

/// A user as the provider has them.
public struct ProviderUser: Sendable, Equatable {
    /// The provider's id.
    public var id: String
    /// The address the provider has (mail, else the user principal name or login).
    public var email: String
    /// The name the provider shows.
    public var displayName: String
    /// Whether the account exists and may sign in.
    public var state: UserState
    /// When the account was deleted or deprovisioned, when known.
    public var deleted: Date?

    /// Makes a user.
    public init(id: String, email: String, displayName: String, state: UserState, deleted: Date? = nil) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.state = state
        self.deleted = deleted
    }
}

/// A notice ready to send: the request's text with the link appended and a `Message-ID` that is
/// the same for every attempt of one action, so a notice sent again after a crash is recognisably
/// the same message.
public struct PreparedNotice: Sendable, Equatable {
    /// The subject line.
    public var subject: String
    /// The plain-text body (the link, if any, on its own line at the end).
    public var text: String
    /// `<32 hex digits@palisade>`, derived from the action's idempotency key.
    public var messageID: String
    /// The idempotency key, for an `X-Palisade-Action` header.
    public var idempotencyKey: String

    /// Makes a notice.
    public init(subject: String, text: String, messageID: String, idempotencyKey: String) {
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.idempotencyKey = idempotencyKey
    }
}

/// What the provider said about an action it took.
public struct ProviderOutcome: Sendable, Equatable {
    /// Applied, or already so.
    public var outcome: ActionOutcome
    /// The provider's id of the request that did it (or found it already done).
    public var requestID: String
    /// A sentence for people.
    public var detail: String

    /// Makes an outcome.
    public init(outcome: ActionOutcome, requestID: String, detail: String) {
        self.outcome = outcome
        self.requestID = requestID
        self.detail = detail
    }
}

/// How a provider without a mail API sends notices (the Okta service's SMTP relay).
public protocol NoticeMailer: Sendable {
    /// How notices go, for `ListActions` (`smtp via relay.example.com:587`).
    var channel: String { get }
    /// Sends `notice` to `user`'s address; returns what identifies the sending (the Message-ID).
    func send(_ notice: PreparedNotice, to user: ProviderUser) async throws(IdentityFailure) -> String
}
