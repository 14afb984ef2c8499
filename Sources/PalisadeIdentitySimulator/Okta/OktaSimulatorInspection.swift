/// What an `OktaSimulator` has seen and done, for tests to assert on: ``OktaSimulator/inspect()``
/// in Swift, `GET /_sim/inspect` as JSON (the same fields). Times are Unix seconds of the
/// simulator's clock.
public struct OktaSimulatorInspection: Codable, Sendable, Equatable {
    /// A user's current state.
    public struct User: Codable, Sendable, Equatable {
        /// The Okta user id (`00u…`).
        public var id: String
        /// The login (the e-mail address unless renamed).
        public var login: String
        /// `ACTIVE`, `SUSPENDED`, `DEPROVISIONED`, …
        public var status: OktaUserStatus
        /// Whether the user was deleted (then every API call about them gets 404).
        public var deleted: Bool
    }

    /// One status change.
    public struct Transition: Codable, Sendable, Equatable {
        /// The user's id.
        public var userID: String
        /// The status before.
        public var from: OktaUserStatus
        /// The status after.
        public var to: OktaUserStatus
        /// When.
        public var at: Int64
        /// The `X-Okta-Request-Id` of the API call that made it; nil for a test hook.
        public var requestID: String?
        /// `api` (a lifecycle call) or `sim` (``OktaSimulator/apply(_:to:)``, `/_sim/users/…`).
        public var via: String
    }

    /// One `DELETE /api/v1/users/{id}/sessions`.
    public struct SessionClear: Codable, Sendable, Equatable {
        /// The user's id.
        public var userID: String
        /// Whether `oauthTokens=true` was asked (OAuth refresh and access tokens revoked too).
        public var oauthTokens: Bool
        /// The `forgetDevices` parameter, when sent.
        public var forgetDevices: Bool?
        /// When.
        public var at: Int64
        /// The call's `X-Okta-Request-Id`.
        public var requestID: String
    }

    /// One API call (`/api/…`; the `/_sim/…` hooks are not recorded).
    public struct Call: Codable, Sendable, Equatable {
        /// `GET`, `POST`, `DELETE`, …
        public var method: String
        /// The path, without the query string.
        public var path: String
        /// The status answered.
        public var status: Int
        /// The `X-Okta-Request-Id` answered.
        public var requestID: String
        /// The `X-Okta-Retry-For` the client sent (the request id of the 429 it retries), if any.
        public var retryFor: String?
        /// The `X-Okta-Retry-Count` the client sent, if any.
        public var retryCount: String?
        /// The authorization scheme used (`SSWS`, `Bearer`), when the credential was known.
        public var scheme: String?
        /// The injected faults that fired on it, in the `--fault` grammar.
        public var faults: [String]
        /// When.
        public var at: Int64
    }

    /// Every user, in the directory's order.
    public var users: [User]
    /// Every status change, oldest first.
    public var transitions: [Transition]
    /// Every session clear, oldest first.
    public var sessionClears: [SessionClear]
    /// The API calls, oldest first (the most recent `maxRecordedCalls` of them).
    public var calls: [Call]
    /// The faults in force, in the `--fault` grammar.
    public var faults: [String]

    /// The user with this id or login, if any.
    public func user(_ idOrLogin: String) -> User? {
        users.first { $0.id == idOrLogin || $0.login.lowercased() == idOrLogin.lowercased() }
    }
}
