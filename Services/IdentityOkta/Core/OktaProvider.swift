import Foundation
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeMessages

/// The identity provider behind `palisade-identity-okta`: Okta's Users API for status,
/// sessions and the suspend lifecycle; notices through an SMTP relay (Okta has no mail API).
final class OktaProvider: IdentityProvider {
    let client: OktaClient
    let org: String
    let mailer: (any NoticeMailer)?

    init(client: OktaClient, org: String, mailer: (any NoticeMailer)?) {
        self.client = client
        self.org = org
        self.mailer = mailer
    }

    var capabilities: IdentityCapabilities {
        IdentityCapabilities(
            provider: "okta", actions: (mailer == nil ? [] : [.notifyUser]) + [.requireSignIn, .suspendUser, .unsuspendUser],
            notifyChannel: mailer?.channel ?? "", tenant: org)
    }

    func status(of key: UserKey) async throws(IdentityFailure) -> UserStatus {
        do {
            let found = try await fetch(key)
            return UserStatus(
                state: found.state, providerID: found.id, displayName: found.displayName, email: found.address, provider: "okta",
                deleted: found.state == .deleted ? found.statusChanged.flatMap(ProviderDate.parse) : nil, asOf: Date())
        } catch  where error.kind == .notFound {
            return UserStatus(state: .notFound, provider: "okta", asOf: Date())
        }
    }

    func user(_ key: UserKey) async throws(IdentityFailure) -> ProviderUser {
        let found = try await fetch(key)
        return ProviderUser(
            id: found.id, email: found.address, displayName: found.displayName, state: found.state,
            deleted: found.state == .deleted ? found.statusChanged.flatMap(ProviderDate.parse) : nil)
    }

    /// By id, or by login (an address is usually the login), else by the profile's e-mail;
    /// the search includes deprovisioned users, as Okta's does.
    private func fetch(_ key: UserKey) async throws(IdentityFailure) -> OktaUser {
        if !key.providerID.isEmpty {
            return try await client.call("GET", "/api/v1/users/\(URLEscaping.segment(key.providerID))").decode(
                OktaUser.self, what: "a user")
        }
        let byLogin = try await client.call("GET", "/api/v1/users/\(URLEscaping.segment(key.email))", passing: [404])
        if byLogin.status != 404 { return try byLogin.decode(OktaUser.self, what: "a user") }
        let search = URLEscaping.value(#"profile.email eq "\#(key.email)""#)
        let found = try await client.call("GET", "/api/v1/users?search=\(search)").decode([OktaUser].self, what: "a user search")
        let live = found.filter { $0.state != .deleted }
        switch (live.count, found.count) {
        case (0, 0): throw IdentityFailure(.notFound, "Okta has no user with the login or e-mail \(key.email)")
        case (0, _): return found[0]
        case (1, _): return live[0]
        default: throw IdentityFailure(.ambiguous, "\(live.count) Okta users have the e-mail \(key.email); name one by providerID")
        }
    }

    func perform(_ action: IdentityAction, on user: ProviderUser, notice: PreparedNotice?) async throws(IdentityFailure) -> ProviderOutcome
    {
        let path = "/api/v1/users/\(URLEscaping.segment(user.id))"
        switch action {
        case .suspendUser:
            return try await lifecycle("suspend", on: user, path: path, done: { $0 == "SUSPENDED" }, past: "suspended")
        case .unsuspendUser:
            return try await lifecycle("unsuspend", on: user, path: path, done: { $0 == "ACTIVE" }, past: "allowed to sign in")
        case .requireSignIn:
            let answer = try await client.call("DELETE", "\(path)/sessions?oauthTokens=true")
            return ProviderOutcome(
                outcome: .applied, requestID: answer.requestID,
                detail: "\(user.email)'s Okta sessions and OAuth tokens are revoked; they must sign in again")
        case .notifyUser:
            guard let mailer, let notice else {
                throw IdentityFailure(.refused, "notices are off: configure smtp (url, from) to send them")
            }
            let id = try await mailer.send(notice, to: user)
            return ProviderOutcome(outcome: .applied, requestID: id, detail: "a notice was sent to \(user.email) by \(mailer.channel)")
        case .unspecified:
            throw IdentityFailure(.invalid, "no action named")
        }
    }

    /// A lifecycle operation; a user already in the target status counts as done, as Okta's
    /// refusal (400 `E0000001`, 403 `E0000038`) of a repeated suspend would otherwise say.
    private func lifecycle(
        _ operation: String, on user: ProviderUser, path: String, done: (String) -> Bool, past: String
    ) async throws(IdentityFailure) -> ProviderOutcome {
        let before = try await client.call("GET", path).decode(OktaUser.self, what: "a user")
        if done(before.status) {
            return ProviderOutcome(outcome: .alreadyDone, requestID: "", detail: "\(user.email) was already \(past)")
        }
        let answer = try await client.call("POST", "\(path)/lifecycle/\(operation)", passing: [400, 403])
        if answer.status == 200 {
            return ProviderOutcome(outcome: .applied, requestID: answer.requestID, detail: "\(user.email) is \(past)")
        }
        // Only a refusal for the account's status may mean "already so"; any other 400 or 403
        // (a missing permission, E0000006) is the refusal it says.
        guard let code = OktaClient.errorCode(answer.body), Self.wrongStatusCodes.contains(code) else {
            throw OktaClient.failure(
                HTTPResponse(status: answer.status, headers: ["X-Okta-Request-Id": answer.requestID], body: answer.body),
                request: "POST \(path)/lifecycle/\(operation)")
        }
        let after = try await client.call("GET", path).decode(OktaUser.self, what: "a user")
        if done(after.status) {
            return ProviderOutcome(outcome: .alreadyDone, requestID: answer.requestID, detail: "\(user.email) was already \(past)")
        }
        throw IdentityFailure(
            .refused, "Okta will not \(operation) \(user.email) in status \(after.status); change the account in Okta's admin console",
            providerRequestID: answer.requestID, providerError: after.status)
    }

    /// Okta's refusals of a lifecycle operation for the account's current status (identity.md §4.3).
    static let wrongStatusCodes: Set<String> = ["E0000001", "E0000038"]
}
