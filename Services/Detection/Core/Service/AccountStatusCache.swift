import Foundation
import Logging
import PalisadeDetectionEngine
import PalisadeMessages
import PalisadeRPC

/// What the identity provider says of the accounts detection sees, asked through
/// `palisade.identity.v1.Identity/GetUserStatus` once per account per `ttl`.
///
/// An answer it cannot get (the identity service down, a final refusal) is remembered as unknown
/// for a minute, so a stream of activity does not become a stream of failing calls; unknown
/// means "active" to the terminated-user detection, which still reads Slack's own log.
/// Owned by the follower's task: no lock.
final class AccountStatusCache {
    private let client: RPCClient
    private let ttl: TimeInterval
    private let logger: Logger
    private var entries: [String: (status: AccountStatus?, until: Date)] = [:]
    private var failing = false

    /// Retry delay after a failed call.
    static let retryAfterFailure: TimeInterval = 60
    /// Entries kept at most; past it, expired ones are dropped, then the oldest half.
    static let capacity = 200_000

    init(client: RPCClient, ttl: TimeInterval, logger: Logger) {
        self.client = client
        self.ttl = ttl
        self.logger = logger
    }

    /// The status of `email` when the cache has none fresh: asked now. Nil when nothing new is
    /// known (fresh in the cache, or the call failed).
    func refresh(_ email: String, now: Date = Date()) async -> AccountStatus?? {
        if let entry = entries[email], entry.until > now { return nil }
        let status: AccountStatus?
        var until = now.addingTimeInterval(ttl)
        do {
            let answer = try await client.call(IdentityAPI.getUserStatus, UserStatusRequest(email: email))
            status = Self.status(answer)
            if failing {
                failing = false
                logger.info("the identity service answers again")
            }
        } catch {
            status = nil
            until = now.addingTimeInterval(Self.retryAfterFailure)
            if !failing {
                failing = true
                logger.warning(
                    "cannot ask the identity service whether accounts are terminated; retrying each account after a minute",
                    metadata: ["error": "\(error)"])
            }
        }
        if entries.count >= Self.capacity { evict(now: now) }
        entries[email] = (status, until)
        return .some(status)
    }

    /// The engine's view of an answer: terminated when disabled or deleted, since the deletion
    /// date when the provider gives one, else since a day before it answered (so a backfill of
    /// an old week does not flag every past activity of someone who left yesterday).
    static func status(_ answer: UserStatus) -> AccountStatus? {
        switch answer.state {
        case .disabled, .deleted:
            let since = answer.deleted ?? answer.asOf.addingTimeInterval(-86_400)
            let provider = answer.provider.isEmpty ? "the identity provider" : answer.provider
            return AccountStatus(terminated: true, since: Int64(since.timeIntervalSince1970), provider: provider)
        default:
            return AccountStatus(terminated: false)
        }
    }

    private func evict(now: Date) {
        entries = entries.filter { $0.value.until > now }
        if entries.count >= Self.capacity {
            let keep = entries.sorted { $0.value.until > $1.value.until }.prefix(Self.capacity / 2)
            entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
