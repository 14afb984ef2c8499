import Foundation
import Logging

/// What every connection worker shares: the store, the Slack client, settings, and the hook
/// that tells the forwarder new batches are waiting.
struct WorkerEnvironment: Sendable {
    let store: ConnectorStore
    let slack: SlackClient
    let settings: SyncSettings
    let oauth: OAuthAppSettings?
    let metrics: ConnectorMetrics
    let outboxFilled: @Sendable () -> Void
    let logger: Logger
    /// The current time in Unix seconds (a parameter so tests can see a fixed clock).
    let now: @Sendable () -> Int64

    static func systemNow() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

/// The Slack app the connector uses for the OAuth flow and token rotation.
public struct OAuthAppSettings: Sendable, Hashable {
    /// The app's client id.
    public var clientID: String
    /// The app's client secret (read from a file; never logged).
    public var clientSecret: String
    /// Where Slack's authorize page lives (`https://slack.com/oauth/v2/authorize` in production).
    public var authorizeURL: String
    /// User scopes to ask for.
    public var userScopes: [String]

    /// Makes settings.
    public init(
        clientID: String, clientSecret: String, authorizeURL: String = "https://slack.com/oauth/v2/authorize",
        userScopes: [String] = ["auditlogs:read"]
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.authorizeURL = authorizeURL
        self.userScopes = userScopes
    }
}
