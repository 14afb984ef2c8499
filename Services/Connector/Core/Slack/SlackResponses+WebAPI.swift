import Foundation
import PalisadeHTTPClient

extension SlackResponses {
    /// The result of an `auth.test` response, or why there is none.
    static func authTest(_ response: HTTPResponse) throws(SlackAPIError) -> AuthTestResult {
        let body = try webAPIBody(AuthTestBody.self, response, method: "auth.test")
        guard let teamID = body.teamId, let userID = body.userId else {
            throw .malformed("auth.test answered ok without team_id and user_id")
        }
        let scopes = (response.header("x-oauth-scopes") ?? "")
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return AuthTestResult(
            url: body.url ?? "", team: body.team ?? "", user: body.user ?? "", teamID: teamID, userID: userID,
            enterpriseID: nonEmpty(body.enterpriseId), isEnterpriseInstall: body.isEnterpriseInstall ?? false,
            scopes: scopes, expiresIn: body.expiresIn
        )
    }

    /// The grant in an `oauth.v2.access` response, from a code exchange or a refresh.
    ///
    /// A code exchange for user scopes puts the user token in `authed_user` (reference §2.3); a
    /// refresh puts the token at the top level (§2.4). The user token is preferred when both are
    /// present, because the Audit Logs API takes only a user token.
    static func oauthGrant(_ response: HTTPResponse) throws(SlackAPIError) -> OAuthGrant {
        let body = try webAPIBody(OAuthBody.self, response, method: "oauth.v2.access")
        let enterprise = (id: nonEmpty(body.enterprise?.id), name: nonEmpty(body.enterprise?.name))
        let isEnterpriseInstall = body.isEnterpriseInstall ?? false
        if let user = body.authedUser, let token = nonEmpty(user.accessToken) {
            return OAuthGrant(
                accessToken: token, refreshToken: nonEmpty(user.refreshToken), expiresIn: user.expiresIn,
                scope: user.scope ?? "", userID: user.id ?? "", enterpriseID: enterprise.id,
                enterpriseName: enterprise.name, isEnterpriseInstall: isEnterpriseInstall
            )
        }
        guard let token = nonEmpty(body.accessToken) else {
            throw .malformed("oauth.v2.access answered ok without an access_token (top level or in authed_user)")
        }
        return OAuthGrant(
            accessToken: token, refreshToken: nonEmpty(body.refreshToken), expiresIn: body.expiresIn,
            scope: body.scope ?? "", userID: body.authedUser?.id ?? body.userId ?? "", enterpriseID: enterprise.id,
            enterpriseName: enterprise.name, isEnterpriseInstall: isEnterpriseInstall
        )
    }

    /// Decodes a Web API body after the status and `ok`/`error` checks.
    ///
    /// The Web API reports most errors as HTTP 200 with `"ok": false`, so `ok` decides; a JSON
    /// body is required even for errors, except that a bare status still maps as it would for
    /// the audit API.
    private static func webAPIBody<Body: Decodable>(_ type: Body.Type, _ response: HTTPResponse, method: String)
        throws(SlackAPIError) -> Body
    {
        let data = Data(response.body)
        let envelope = try? decoder.decode(Envelope.self, from: data)
        if let error = statusError(response, slackCode: { envelope?.error }) { throw error }
        guard let envelope else {
            throw .malformed(
                "\(method) answered HTTP \(response.status) with \(response.body.count) bytes that are "
                    + "not a JSON object; check the Web API base URL")
        }
        guard envelope.ok == true else {
            guard let code = envelope.error else {
                throw .malformed("\(method) answered \"ok\": false without an \"error\" code")
            }
            throw error(forCode: code, response: response)
        }
        do {
            return try decoder.decode(Body.self, from: data)
        } catch {
            // The decoding error names the field and type, never a value, so it cannot leak a token.
            throw .malformed("\(method) answered ok with a field of an unexpected type: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            context.codingPath.map(\.stringValue).joined(separator: ".")
        default: "invalid JSON"
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    private struct Envelope: Decodable {
        var ok: Bool?
        var error: String?
    }

    private struct AuthTestBody: Decodable {
        var url: String?
        var team: String?
        var user: String?
        var teamId: String?
        var userId: String?
        var enterpriseId: String?
        var isEnterpriseInstall: Bool?
        var expiresIn: Int?
    }

    private struct OAuthBody: Decodable {
        struct AuthedUser: Decodable {
            var id: String?
            var scope: String?
            var accessToken: String?
            var refreshToken: String?
            var expiresIn: Int?
        }

        struct Enterprise: Decodable {
            var id: String?
            var name: String?
        }

        var accessToken: String?
        var refreshToken: String?
        var expiresIn: Int?
        var scope: String?
        var userId: String?
        var authedUser: AuthedUser?
        var enterprise: Enterprise?
        var isEnterpriseInstall: Bool?
    }
}
