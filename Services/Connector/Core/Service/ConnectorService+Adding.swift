import Foundation
import Logging
import PalisadeMessages
import PalisadeWire
import Synchronization

extension ConnectorService {
    /// Connects an organisation with a token: `auth.test` must show an org-level install that
    /// holds `auditlogs:read`, so a wrong token is refused here instead of feeding nothing.
    ///
    /// An organisation already connected keeps its connection and its position (watermark,
    /// outbox): the token replaces the old one (a reinstall after a revoked token, a rotated
    /// credential), a stopped error is cleared, and polling resumes at once; `backfillDays`
    /// does not apply then.
    public func addConnection(
        token: String, backfillDays: Int, credential: String,
        refreshToken: String? = nil, expiresIn: Int? = nil
    ) async throws -> ConnectionInfo {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ConnectorError(.invalidArgument, "the token is empty") }
        let range = SyncSettings.backfillDaysRange
        guard backfillDays == 0 || range.contains(backfillDays) else {
            throw ConnectorError(
                .invalidArgument,
                "backfillDays is \(backfillDays); give \(range.lowerBound)…\(range.upperBound), or 0 for the configured sync.backfillDays")
        }
        let identity: AuthTestResult
        do {
            identity = try await environment.slack.authTest(token: token)
        } catch {
            if error.isRetryable {
                throw ConnectorError(.unavailable, "cannot check the token with Slack: \(error.message)")
            }
            throw ConnectorError(.invalidArgument, "Slack rejected the token (\(error.code)): \(error.message)")
        }
        guard identity.isEnterpriseInstall, let orgID = identity.enterpriseID, !orgID.isEmpty else {
            throw ConnectorError(
                .invalidArgument,
                "the token belongs to a workspace install (team \(identity.teamID)); audit logs need the app installed on the Enterprise organisation by an org owner"
            )
        }
        guard identity.scopes.contains("auditlogs:read") else {
            let held = identity.scopes.isEmpty ? "none reported" : identity.scopes.joined(separator: ",")
            throw ConnectorError(
                .invalidArgument, "the token lacks the auditlogs:read scope (it has: \(held)); add it under User Token Scopes and reinstall"
            )
        }
        let now = environment.now()
        let days = backfillDays > 0 ? backfillDays : environment.settings.backfillDays
        let start = now - Int64(days) * 86_400
        let record = ConnectionRecord(
            id: "conn_" + Self.randomID(), orgID: orgID, orgName: identity.team, credential: credential, state: .backfilling,
            lastError: "", rateLimitedUntil: nil, lastSuccess: nil, backfillStart: start, backfillEnd: now,
            watermark: start - 1, entriesFetched: 0, pages: 0, createdAt: now)
        let credentials = SlackCredentials(
            accessToken: token, refreshToken: refreshToken,
            expiresAt: (expiresIn ?? identity.expiresIn).map { now.plusSaturating(Int64(max($0, 0))) })
        if let existing = try await store.replaceCredentials(orgID: orgID, credential: credential, credentials: credentials) {
            environment.logger.notice(
                "connection reconnected with a new token", metadata: ["connection": "\(existing)", "org": "\(orgID)"])
            pollNow(existing)
            return try await info(existing)
        }
        _ = try await store.insert(record, credentials: credentials)
        environment.logger.notice(
            "connection added",
            metadata: [
                "connection": "\(record.id)", "org": "\(orgID)", "name": "\(identity.team)", "backfill_days": "\(days)",
            ])
        startWorker(record.id)
        return try await info(record.id)
    }

    /// The authorize URL for the OAuth flow, with a fresh `state`.
    public func beginOAuth(redirectURI: String) throws -> BeginOAuthResponse {
        guard let oauth = environment.oauth else {
            throw ConnectorError(.failedPrecondition, "OAuth is not configured: set slack.clientId and slack.clientSecretFile")
        }
        guard let url = URL(string: redirectURI), let scheme = url.scheme, ["http", "https"].contains(scheme) else {
            throw ConnectorError(.invalidArgument, "redirect URI '\(redirectURI)' is not an http(s) URL")
        }
        let state = Self.randomID() + Self.randomID()
        let expires = environment.now() + 600
        pendingOAuth.withLock { pending in
            pending = pending.filter { $0.value.expires > environment.now() }
            pending[state] = (redirectURI, expires)
        }
        var components = URLComponents(string: oauth.authorizeURL)
        components?.queryItems = [
            URLQueryItem(name: "client_id", value: oauth.clientID),
            URLQueryItem(name: "user_scope", value: oauth.userScopes.joined(separator: ",")),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "state", value: state),
        ]
        guard let authorize = components?.string else {
            throw ConnectorError(.failedPrecondition, "slack authorize URL '\(oauth.authorizeURL)' is not a URL")
        }
        return BeginOAuthResponse(authorizeURL: authorize, state: state)
    }

    /// Exchanges the code from the redirect for a token, then connects like `addConnection`.
    public func completeOAuth(_ request: CompleteOAuthRequest) async throws -> ConnectionInfo {
        guard let oauth = environment.oauth else {
            throw ConnectorError(.failedPrecondition, "OAuth is not configured: set slack.clientId and slack.clientSecretFile")
        }
        let expected = pendingOAuth.withLock { $0.removeValue(forKey: request.state) }
        guard let expected, expected.expires > environment.now() else {
            throw ConnectorError(.invalidArgument, "unknown or expired OAuth state: start again with BeginOAuth")
        }
        guard expected.redirectURI == request.redirectURI else {
            throw ConnectorError(.invalidArgument, "the redirect URI differs from the one the flow began with")
        }
        let grant: OAuthGrant
        do {
            grant = try await environment.slack.exchangeCode(
                clientID: oauth.clientID, clientSecret: oauth.clientSecret,
                code: request.code, redirectURI: request.redirectURI)
        } catch {
            throw ConnectorError(
                error.isRetryable ? .unavailable : .invalidArgument, "Slack refused the code (\(error.code)): \(error.message)")
        }
        return try await addConnection(
            token: grant.accessToken, backfillDays: Int(request.backfillDays),
            credential: grant.refreshToken == nil ? "oauth" : "oauth+rotation",
            refreshToken: grant.refreshToken, expiresIn: grant.expiresIn)
    }

    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36)
    }
}
