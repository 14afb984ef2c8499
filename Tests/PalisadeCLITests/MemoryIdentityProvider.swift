import Foundation
import PalisadeIdentityService
import PalisadeMessages
import Synchronization

/// An identity provider in memory for the CLI's tests, so the real `IdentityService` (checks,
/// action log, replays, error details) answers the commands: suspend and unsuspend flip a
/// user's state (and are "already so" when it is), notices are kept, a user may be set to fail.
/// The real providers are tested against their simulators elsewhere.
final class MemoryIdentityProvider: IdentityProvider {
    /// When the provider last confirmed what it says: 2026-12-08T09:00:00Z.
    static let asOf = Date(timeIntervalSince1970: 1_796_720_400)

    private let users: Mutex<[ProviderUser]>
    /// Failures by lower-cased address: every action on that user throws it.
    private let failures: [String: IdentityFailure]
    private let sent = Mutex<[PreparedNotice]>([])
    private let requests = Atomic<Int>(0)

    init(users: [ProviderUser], failures: [String: IdentityFailure] = [:]) {
        self.users = Mutex(users)
        self.failures = failures
    }

    /// The notices sent so far.
    var notices: [PreparedNotice] { sent.withLock { $0 } }

    /// How many times the provider was asked to act.
    var actionCount: Int { requests.load(ordering: .relaxed) }

    /// The user with `id` as the provider has them now.
    func user(id: String) -> ProviderUser? { users.withLock { users in users.first { $0.id == id } } }

    /// An Entra service with every action.
    var capabilities: IdentityCapabilities {
        IdentityCapabilities(
            provider: "entra", actions: [.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser],
            notifyChannel: "graph sendMail as alerts@acme.test", tenant: "acme.onmicrosoft.com")
    }

    private func find(_ key: UserKey) -> ProviderUser? {
        users.withLock { users in
            users.first { key.providerID.isEmpty ? $0.email.lowercased() == key.email.lowercased() : $0.id == key.providerID }
        }
    }

    /// The user as kept, confirmed at `asOf`; no such user is `NOT_FOUND` state.
    func status(of key: UserKey) async throws(IdentityFailure) -> UserStatus {
        guard let user = find(key) else { return UserStatus(state: .notFound, provider: "entra", asOf: Self.asOf) }
        return UserStatus(
            state: user.state, providerID: user.id, displayName: user.displayName, email: user.email, provider: "entra",
            deleted: user.deleted, asOf: Self.asOf)
    }

    /// The user, or a `.notFound` failure with a request id, as a provider's 404 would be.
    func user(_ key: UserKey) async throws(IdentityFailure) -> ProviderUser {
        guard let user = find(key) else { throw IdentityFailure(.notFound, "entra has no user \(key)", providerRequestID: "req-404") }
        return user
    }

    /// Fails as set for the user, else acts: each call gets the next request id `req-N`.
    func perform(_ action: IdentityAction, on user: ProviderUser, notice: PreparedNotice?) async throws(IdentityFailure) -> ProviderOutcome
    {
        let request = "req-\(requests.add(1, ordering: .relaxed).newValue)"
        if let failure = failures[user.email.lowercased()] { throw failure }
        switch action {
        case .suspendUser, .unsuspendUser:
            let wanted: UserState = action == .suspendUser ? .disabled : .active
            let changed = users.withLock { users in
                guard let index = users.firstIndex(where: { $0.id == user.id }), users[index].state != wanted else { return false }
                users[index].state = wanted
                return true
            }
            let verb = action == .suspendUser ? "blocked" : "allowed"
            return changed
                ? ProviderOutcome(outcome: .applied, requestID: request, detail: "Sign-in \(verb) for \(user.email).")
                : ProviderOutcome(outcome: .alreadyDone, requestID: request, detail: "Sign-in was already \(verb) for \(user.email).")
        case .notifyUser:
            if let notice { sent.withLock { $0.append(notice) } }
            return ProviderOutcome(outcome: .applied, requestID: request, detail: "Mailed \"\(notice?.subject ?? "")\" to \(user.email).")
        case .requireSignIn:
            return ProviderOutcome(outcome: .applied, requestID: request, detail: "Revoked the sessions of \(user.email).")
        case .unspecified:
            throw IdentityFailure(.invalid, "no such action")
        }
    }
}
