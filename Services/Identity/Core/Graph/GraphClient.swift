import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService

/// Microsoft Graph calls with the app's token: a `client-request-id` of our own on each, the
/// token refreshed once when Graph answers 401 (it may have been revoked or have expired early),
/// throttling retried by `ProviderHTTP`, and Graph's error envelope (identity.md §3.1) turned into
/// an `IdentityFailure` that names the request ids.
struct GraphClient: Sendable {
    let http: ProviderHTTP
    let base: String
    let tokens: EntraTokenSource

    /// Sends `method` to `path` (relative to the Graph base, or an absolute link Graph gave);
    /// statuses in `passing` come back as answers instead of failures (410 for delta).
    func call(_ method: String, _ path: String, json: [UInt8]? = nil, passing: Set<Int> = []) async throws(IdentityFailure)
        -> ProviderAnswer
    {
        let url = path.hasPrefix("https://") || path.hasPrefix("http://") ? path : base + path
        var refreshed = false
        while true {
            let token = try await tokens.token()
            var request = HTTPRequest(
                method: method, url: url, headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"])
            request.headers.add(name: "client-request-id", value: UUID().uuidString.lowercased())
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = json
            } else if method != "GET" {
                request.body = []
            }
            let response = try await http.send(request)
            let requestID = response.header("request-id") ?? ""
            if response.isSuccess || passing.contains(response.status) {
                return ProviderAnswer(provider: http.name, status: response.status, body: response.body, requestID: requestID)
            }
            if response.status == 401, !refreshed {
                await tokens.invalidate(token)
                refreshed = true
                continue
            }
            http.logRefusal(response, request: request)
            throw Self.failure(response, request: "\(method) \(path.prefix { $0 != "?" })")
        }
    }

    /// Graph's error as a failure: 404 not found, 401/403/4xx refused (final), 5xx and anything
    /// that is not Graph's JSON unavailable (retryable).
    static func failure(_ response: HTTPResponse, request: String) -> IdentityFailure {
        let requestID = response.header("request-id")
        guard let envelope = try? JSONDecoder().decode(GraphErrorEnvelope.self, from: Data(response.body)) else {
            let type = response.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "no content type"
            return IdentityFailure(
                .unavailable, "Microsoft Graph answered \(request) with HTTP \(response.status) and a \(type) body, not Graph's JSON error",
                providerRequestID: requestID)
        }
        let code = envelope.error.code
        let message = envelope.error.message ?? ""
        let id = envelope.error.innerError?.requestID ?? requestID
        switch response.status {
        case 404:
            return IdentityFailure(
                .notFound, "Microsoft Graph has no such user (\(code): \(message))", providerRequestID: id, providerError: code)
        case 401:
            return IdentityFailure(
                .refused,
                "Microsoft Graph refuses the service's token for \(request) (\(code): \(message)); check the app's credentials and admin consent",
                providerRequestID: id, providerError: code)
        case 403:
            return IdentityFailure(
                .refused,
                "Microsoft Graph refuses \(request) (\(code): \(message)); grant the app the application permission this call needs (User.Read.All, User.RevokeSessions.All, User.EnableDisableAccount.All, Mail.Send) with admin consent, or a privileged role to act on administrators",
                providerRequestID: id, providerError: code)
        case 400..<500:
            return IdentityFailure(
                .refused, "Microsoft Graph refuses \(request): HTTP \(response.status) \(code): \(message)", providerRequestID: id,
                providerError: code)
        default:
            return IdentityFailure(
                .unavailable, "Microsoft Graph failed \(request): HTTP \(response.status) \(code): \(message)", providerRequestID: id,
                providerError: code)
        }
    }

    private struct GraphErrorEnvelope: Decodable {
        struct Inner: Decodable {
            let requestID: String?
            private enum CodingKeys: String, CodingKey { case requestID = "request-id" }
        }
        struct Body: Decodable {
            let code: String
            let message: String?
            let innerError: Inner?
        }
        let error: Body
    }
}

/// A user as Graph writes one (`$select=id,userPrincipalName,mail,accountEnabled,displayName`),
/// in `/users`, delta pages (with `@removed`) and deleted items (with `deletedDateTime`).
struct GraphUser: Decodable, Sendable {
    let id: String
    let userPrincipalName: String?
    let mail: String?
    let displayName: String?
    let accountEnabled: Bool?
    let deletedDateTime: String?
    let removed: Removed?

    struct Removed: Decodable, Sendable {
        let reason: String?
    }

    private enum CodingKeys: String, CodingKey {
        case id, userPrincipalName, mail, displayName, accountEnabled, deletedDateTime
        case removed = "@removed"
    }

    /// The address Palisade knows the user by: mail, else the user principal name.
    var address: String { mail.flatMap { $0.isEmpty ? nil : $0 } ?? userPrincipalName ?? "" }
}

/// A page of users: `value` and the links to the next page or the next round.
struct GraphPage: Decodable, Sendable {
    let value: [GraphUser]
    let nextLink: String?
    let deltaLink: String?

    private enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }
}
