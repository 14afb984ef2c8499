import Foundation
import PalisadeIdentityService
import PalisadeMessages
import Synchronization

/// A provider in memory that counts what it is asked and fails as told: the kit's idempotency and
/// classification are tested against it; the real providers are tested against the simulators.
final class CountingProvider: IdentityProvider {
    let users: [String: ProviderUser]
    let calls = Mutex<[String]>([])
    let nextFailures = Mutex<[IdentityFailure]>([])
    let delay: Duration

    init(users: [ProviderUser], delay: Duration = .zero) {
        self.users = Dictionary(uniqueKeysWithValues: users.map { ($0.email.lowercased(), $0) })
        self.delay = delay
    }

    var capabilities: IdentityCapabilities {
        IdentityCapabilities(
            provider: "test", actions: [.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser], notifyChannel: "memory", tenant: "t")
    }

    func status(of user: UserKey) async throws(IdentityFailure) -> UserStatus {
        guard let found = users[user.email.lowercased()] else { return UserStatus(state: .notFound, provider: "test") }
        return UserStatus(state: found.state, providerID: found.id, displayName: found.displayName, email: found.email, provider: "test")
    }

    func user(_ user: UserKey) async throws(IdentityFailure) -> ProviderUser {
        guard let found = users[user.email.lowercased()] else {
            throw IdentityFailure(.notFound, "no user \(user)", providerRequestID: "req-404")
        }
        return found
    }

    func perform(_ action: IdentityAction, on user: ProviderUser, notice: PreparedNotice?) async throws(IdentityFailure) -> ProviderOutcome
    {
        calls.withLock { $0.append("\(action.name) \(user.email) \(notice?.messageID ?? "")") }
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let failure = nextFailures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return ProviderOutcome(outcome: .applied, requestID: "req-\(calls.withLock { $0.count })", detail: "done")
    }

    var callCount: Int { calls.withLock { $0.count } }
}
