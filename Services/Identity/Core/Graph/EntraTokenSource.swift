import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService

/// Access tokens for Microsoft Graph by the client credentials grant (identity.md §1): a form
/// POST to `{authority}/{tenant}/oauth2/v2.0/token` with the client secret or a signed
/// assertion, cached until shortly before it expires; concurrent callers share one request.
actor EntraTokenSource {
    /// How the app proves who it is.
    enum Credential: Sendable {
        /// The client secret's value.
        case secret(String)
        /// A signed JWT for the given audience (the token endpoint).
        case assertion(@Sendable (_ audience: String) throws(IdentityFailure) -> String)
    }

    private let http: ProviderHTTP
    private let tokenURL: String
    private let clientID: String
    private let scope: String
    private let credential: Credential
    private var cached: (token: String, refreshAt: Date)?
    private var inflight: Task<String, any Error>?
    private(set) var issued = 0

    init(http: ProviderHTTP, authority: String, tenant: String, clientID: String, scope: String, credential: Credential) {
        self.http = http
        tokenURL = "\(authority.trimmingSuffix("/"))/\(tenant)/oauth2/v2.0/token"
        self.clientID = clientID
        self.scope = scope
        self.credential = credential
    }

    /// A token valid for a while yet.
    func token() async throws(IdentityFailure) -> String {
        if let cached, cached.refreshAt > Date() { return cached.token }
        let task = inflight ?? Task { try await fetch() }
        inflight = task
        do {
            let token = try await task.value
            inflight = nil
            return token
        } catch {
            inflight = nil
            throw error as? IdentityFailure ?? IdentityFailure(.unavailable, "cannot get a token: \(error)")
        }
    }

    /// Forgets `token` (Graph refused it), so the next call fetches a new one.
    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }

    private func fetch() async throws(IdentityFailure) -> String {
        var form = [("client_id", clientID), ("scope", scope), ("grant_type", "client_credentials")]
        switch credential {
        case .secret(let secret):
            form.append(("client_secret", secret))
        case .assertion(let sign):
            form.append(("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            form.append(("client_assertion", try sign(tokenURL)))
        }
        var request = HTTPRequest(
            method: "POST", url: tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"])
        request.body = Array(form.map { "\($0.0)=\(URLEscaping.value($0.1))" }.joined(separator: "&").utf8)
        let response = try await http.send(request)
        guard response.isSuccess else {
            http.logRefusal(response, request: request)
            throw Self.failure(response, requestID: http.requestIDs(response)["x-ms-request-id"])
        }
        guard let body = try? JSONDecoder().decode(TokenResponse.self, from: Data(response.body)), !body.access_token.isEmpty else {
            throw IdentityFailure(.unavailable, "the token endpoint answered HTTP \(response.status) with something that is not a token")
        }
        let lifetime = Double(max(body.expires_in, 1))
        // Refresh ahead of expiry: five minutes for Entra's hour-long tokens, a tenth of the life of short ones.
        cached = (body.access_token, Date().addingTimeInterval(lifetime - min(300, lifetime / 10)))
        issued += 1
        return body.access_token
    }

    /// The AADSTS error (identity.md §1.3) as a failure a person can act on.
    static func failure(_ response: HTTPResponse, requestID: String?) -> IdentityFailure {
        guard let error = try? JSONDecoder().decode(TokenError.self, from: Data(response.body)) else {
            return IdentityFailure(
                response.status >= 500 ? .unavailable : .refused,
                "the token endpoint answered HTTP \(response.status) with something that is not Entra ID's JSON")
        }
        let code = error.error_codes?.first.map { "AADSTS\($0)" } ?? error.error
        let first = error.error_description?.split(whereSeparator: \.isNewline).first.map(String.init) ?? error.error
        let advice: String
        switch error.error_codes?.first {
        case 7_000_222:
            advice = "the client secret has expired: create a new one in the app registration and put its value in entra.clientSecretFile"
        case 7_000_215: advice = "the client secret is wrong: put the secret's value (not its id) in entra.clientSecretFile"
        case 700_016: advice = "no such app in this tenant: check entra.clientId and entra.tenant"
        case 90002: advice = "no such tenant: check entra.tenant"
        case 70011: advice = "the scope is wrong: check entra.scope"
        default: advice = "check the app registration and entra.* in the configuration"
        }
        let kind: IdentityFailure.Kind = response.status >= 500 ? .unavailable : .refused
        return IdentityFailure(
            kind, "Entra ID refused the service's credentials (\(error.error)): \(first) — \(advice)",
            providerRequestID: error.trace_id ?? requestID,
            providerError: code)
    }

    private struct TokenResponse: Decodable {
        let access_token: String
        let expires_in: Int
    }

    private struct TokenError: Decodable {
        let error: String
        let error_description: String?
        let error_codes: [Int]?
        let trace_id: String?
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
