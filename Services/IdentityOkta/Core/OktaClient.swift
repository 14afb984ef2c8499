import Foundation
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeMessages

/// Okta Users API calls (identity.md §4): the token in `Authorization` (`SSWS` or `Bearer`),
/// rate limits waited out by `ProviderHTTP` from `X-Rate-Limit-Reset` and `Date`, and Okta's
/// error body (`errorCode`, `errorSummary`, `errorId`) turned into an `IdentityFailure`.
struct OktaClient: Sendable {
    let http: ProviderHTTP
    let base: String
    let authorization: String

    /// The wait a throttled Okta response states: `X-Rate-Limit-Reset` (epoch seconds) minus
    /// the response's `Date`, plus a second, as Okta's own SDKs compute it. Only for 429: every
    /// response carries the headers, and on a 503 the reset of the rate window says nothing about
    /// when the service is back.
    static func rateLimitWait(_ response: HTTPResponse, now: Date) -> Duration? {
        guard response.status == 429, let reset = response.header("X-Rate-Limit-Reset").flatMap(Double.init) else { return nil }
        let serverNow = response.date ?? now
        return .milliseconds(Int64(max(0, reset - serverNow.timeIntervalSince1970 + 1) * 1000))
    }

    /// Sends `method` to `path` (under the org URL); statuses in `passing` come back as answers.
    func call(_ method: String, _ path: String, passing: Set<Int> = []) async throws(IdentityFailure) -> ProviderAnswer {
        var request = HTTPRequest(
            method: method, url: base + path, headers: ["Authorization": authorization, "Accept": "application/json"])
        if method == "POST" {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = []
        }
        let response = try await http.send(request)
        let requestID = response.header("X-Okta-Request-Id") ?? ""
        if response.isSuccess || passing.contains(response.status) {
            return ProviderAnswer(provider: http.name, status: response.status, body: response.body, requestID: requestID)
        }
        http.logRefusal(response, request: request)
        throw Self.failure(response, request: "\(method) \(path.prefix { $0 != "?" })")
    }

    /// The `errorCode` of an Okta error body, if it is one.
    static func errorCode(_ body: [UInt8]) -> String? {
        (try? JSONDecoder().decode(OktaError.self, from: Data(body)))?.errorCode
    }

    /// Okta's error as a failure.
    static func failure(_ response: HTTPResponse, request: String) -> IdentityFailure {
        let requestID = response.header("X-Okta-Request-Id")
        guard let error = try? JSONDecoder().decode(OktaError.self, from: Data(response.body)) else {
            let type = response.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "no content type"
            return IdentityFailure(
                .unavailable, "Okta answered \(request) with HTTP \(response.status) and a \(type) body, not Okta's JSON error",
                providerRequestID: requestID)
        }
        let id = requestID ?? error.errorId
        let summary = "\(error.errorCode): \(error.errorSummary)"
        switch (response.status, error.errorCode) {
        case (404, _):
            return IdentityFailure(.notFound, "Okta has no such user (\(summary))", providerRequestID: id, providerError: error.errorCode)
        case (401, _):
            return IdentityFailure(
                .refused, "Okta refuses the service's token (\(summary)); put a valid token in okta.tokenFile and restart",
                providerRequestID: id,
                providerError: error.errorCode)
        case (403, "E0000006"):
            return IdentityFailure(
                .refused,
                "Okta refuses \(request) (\(summary)); the token's admin needs the permission to manage users (okta.users.manage)",
                providerRequestID: id, providerError: error.errorCode)
        case (400..<500, _):
            return IdentityFailure(
                .refused, "Okta refuses \(request): HTTP \(response.status) \(summary)", providerRequestID: id,
                providerError: error.errorCode)
        default:
            return IdentityFailure(
                .unavailable, "Okta failed \(request): HTTP \(response.status) \(summary)", providerRequestID: id,
                providerError: error.errorCode)
        }
    }

    private struct OktaError: Decodable {
        let errorCode: String
        let errorSummary: String
        let errorId: String?
    }
}

/// A user as Okta writes one (identity.md §4.2).
struct OktaUser: Decodable, Sendable {
    let id: String
    let status: String
    let statusChanged: String?
    let profile: Profile

    struct Profile: Decodable, Sendable {
        let login: String?
        let email: String?
        let firstName: String?
        let lastName: String?
    }

    /// Whether the account may sign in, in the contract's terms.
    var state: UserState {
        switch status {
        case "ACTIVE", "PASSWORD_EXPIRED", "RECOVERY": .active
        case "DEPROVISIONED": .deleted
        default: .disabled  // SUSPENDED, LOCKED_OUT, STAGED, PROVISIONED: no sign-in now
        }
    }

    var address: String { profile.email ?? profile.login ?? "" }
    var displayName: String { [profile.firstName, profile.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ") }
}
