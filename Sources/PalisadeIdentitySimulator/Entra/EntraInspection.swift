/// What the Entra simulator has seen and done, for tests' assertions: `EntraSimulator.inspect()`
/// and `GET /_sim/inspect` (the same value as JSON). Times are Unix seconds of the simulator's clock.
public struct EntraInspection: Codable, Sendable, Equatable {
    /// A mail accepted by `sendMail` (the outbox).
    public struct Mail: Codable, Sendable, Equatable {
        /// The sender as given in the path (id, UPN or shared mailbox address).
        public var from: String
        /// `toRecipients` addresses.
        public var to: [String]
        /// `ccRecipients` addresses.
        public var cc: [String]
        /// `bccRecipients` addresses.
        public var bcc: [String]
        /// The subject ("" when none).
        public var subject: String
        /// The body's content (for a MIME send, the decoded MIME text).
        public var body: String
        /// `Text`, `HTML`, or `MIME`.
        public var contentType: String
        /// `internetMessageHeaders`, in order.
        public var internetMessageHeaders: [Header]
        /// `saveToSentItems` (default true).
        public var saveToSentItems: Bool
        /// When it was accepted.
        public var time: Int64
    }

    /// One `internetMessageHeaders` entry.
    public struct Header: Codable, Sendable, Equatable {
        /// The name (`x-…`).
        public var name: String
        /// The value.
        public var value: String
    }

    /// A user's current state.
    public struct User: Codable, Sendable, Equatable {
        /// The object id.
        public var id: String
        /// The user principal name.
        public var userPrincipalName: String
        /// The primary SMTP address.
        public var mail: String?
        /// The display name.
        public var displayName: String
        /// Whether sign-in is allowed.
        public var accountEnabled: Bool
        /// Whether the user is in deleted items (soft-deleted) or gone (purged).
        public var deleted: Bool
        /// When it was deleted, if it was.
        public var deletedDateTime: Int64?
        /// Sessions issued before this are invalid.
        public var signInSessionsValidFromDateTime: Int64
        /// Whether the user is a privileged administrator.
        public var isAdmin: Bool
    }

    /// One change to a user: `accountEnabled`, `deleted`, `userPrincipalName`, …
    public struct Change: Codable, Sendable, Equatable {
        /// The user's id.
        public var user: String
        /// The property (or `deleted` / `purged` for deletion).
        public var what: String
        /// The value before, as text.
        public var old: String
        /// The value after, as text.
        public var new: String
        /// When.
        public var time: Int64
        /// Who: `graph:<client id>` for an API call, `sim` for a test hook.
        public var by: String
    }

    /// A `revokeSignInSessions` call that succeeded.
    public struct Revocation: Codable, Sendable, Equatable {
        /// The user's id.
        public var user: String
        /// When.
        public var time: Int64
    }

    /// One request to the token endpoint, discovery or Graph (not `/_sim/*`).
    public struct Call: Codable, Sendable, Equatable {
        /// The method.
        public var method: String
        /// The path without the query string.
        public var path: String
        /// The answer's status.
        public var status: Int
        /// The `request-id` the simulator gave it.
        public var requestID: String
        /// The caller's `client-request-id`, if it sent one.
        public var clientRequestID: String?
        /// Retry-related request headers seen (`retry-attempt`, `x-ms-retry…`), `name: value`.
        public var retryHeaders: [String]
        /// The fault that changed the answer (its `--fault` spelling), if any.
        public var fault: String?
        /// When it arrived.
        public var time: Int64
    }

    /// An access token the token endpoint issued.
    public struct Token: Codable, Sendable, Equatable {
        /// The app it was issued to.
        public var clientID: String
        /// `secret`, `basic` or `certificate`.
        public var credential: String
        /// When it was issued.
        public var issued: Int64
        /// When it expires (or expired, when the `expire-tokens` fault struck).
        public var expires: Int64
    }

    /// Mails accepted, oldest first.
    public var mails: [Mail]
    /// Every user, in directory order.
    public var users: [User]
    /// Every change, oldest first.
    public var changes: [Change]
    /// Session revocations, oldest first.
    public var revocations: [Revocation]
    /// Calls, oldest first (at most `maxRecordedCalls`).
    public var calls: [Call]
    /// Tokens issued, oldest first.
    public var tokens: [Token]
    /// Answers a fault changed.
    public var faultsInjected: Int
}
