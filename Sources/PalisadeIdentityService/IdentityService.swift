import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeStorage
import PalisadeTLS
import PalisadeWire
import Synchronization

/// `palisade.identity.v1.Identity` on any provider: request checks, the action log that makes
/// each idempotency key one action, and the provider's calls (`Protocol/identity.md`).
public final class IdentityService: RPCService, Sendable {
    let provider: any IdentityProvider
    let log: ActionLog
    let logger: Logger
    let now: @Sendable () -> Date
    private let serializer = KeyedSerializer()
    let counters = IdentityCounters()

    /// Serves `provider`, recording actions in `log`.
    public init(provider: any IdentityProvider, log: ActionLog, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.provider = provider
        self.log = log
        self.logger = logger
        self.now = now
    }

    /// The six methods.
    public var routes: [RPCRoute] {
        var routes: [RPCRoute] = [
            .unary(IdentityAPI.getUserStatus) { [self] request, _ in
                let user = try ActionRequestCheck.user(email: request.email, providerID: request.providerID)
                do {
                    let status = try await provider.status(of: user)
                    counters.statuses.add(1, ordering: .relaxed)
                    return status
                } catch {
                    logFailure(error, method: "GetUserStatus", user: user)
                    throw error
                }
            },
            .unary(IdentityAPI.listActions) { [provider] _, _ in provider.capabilities },
        ]
        for action in [IdentityAction.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser] {
            guard let method = IdentityAPI.method(for: action) else { continue }
            routes.append(.unary(method) { [self] request, context in try await act(action, request, caller: context.caller ?? "") })
        }
        return routes
    }

    /// One action call (what the four action methods run; `caller` is recorded): checked, claimed in the log under its key (waiting for a concurrent call
    /// with the same key), asked of the provider unless the log already holds the answer, recorded.
    public func act(_ action: IdentityAction, _ request: UserActionRequest, caller: String) async throws -> UserActionResult {
        let user = try ActionRequestCheck.action(action, request)
        let key = request.idempotencyKey
        return try await serializer.holding(key) { [self] in
            let claim = try await log.claim(
                key: key, action: action, subject: user.subject, reason: request.reason, caller: caller, now: now())
            switch claim {
            case .done(var result):
                result.replayed = true
                counters.replays.add(1, ordering: .relaxed)
                return result
            case .failed(let error):
                counters.replays.add(1, ordering: .relaxed)
                throw error
            case .conflict(let other, let subject):
                throw IdentityFailure(
                    .conflict,
                    "idempotency key \(key) already names \(other.name) of \(subject.replacingOccurrences(of: "email:", with: "").replacingOccurrences(of: "id:", with: "")); use a new key for a new action"
                )
            case .proceed(let attempt):
                if attempt > 1 {
                    logger.info(
                        "retrying an unfinished action", metadata: ["key": "\(key)", "action": "\(action.name)", "attempt": "\(attempt)"])
                }
                return try await perform(action, request, user: user)
            }
        }
    }

    private func perform(_ action: IdentityAction, _ request: UserActionRequest, user key: UserKey) async throws -> UserActionResult {
        let idempotencyKey = request.idempotencyKey
        do {
            let user = try await provider.user(key)
            if user.state == .deleted || user.state == .notFound {
                throw IdentityFailure(
                    .gone, "\(user.email) is deleted in \(provider.capabilities.provider); there is no account to \(action.name)")
            }
            let notice = request.notice.map { Self.prepare($0, key: idempotencyKey) }
            let outcome = try await provider.perform(action, on: user, notice: notice)
            let result = UserActionResult(
                action: action, outcome: outcome.outcome, providerID: user.id, email: user.email, provider: provider.capabilities.provider,
                providerRequestID: outcome.requestID, completed: Self.wholeMicroseconds(now()), replayed: false,
                detail: outcome.detail)
            try await log.complete(key: idempotencyKey, result: result)
            counters.count(action, outcome.outcome)
            logger.notice(
                "action taken",
                metadata: [
                    "action": "\(action.name)", "user": "\(user.id)", "outcome": "\(outcome.outcome)", "key": "\(idempotencyKey)",
                    "providerRequestID": "\(outcome.requestID)",
                ])
            return result
        } catch let failure as IdentityFailure {
            logFailure(failure, method: action.name, user: key)
            do {
                try await log.record(key: idempotencyKey, failure: failure, now: now())
            } catch {
                // The answer still goes out; an unrecorded final failure only means the next
                // call with the key asks the provider again and fails the same way.
                logger.error("cannot record a failed action", metadata: ["key": "\(idempotencyKey)", "error": "\(error)"])
            }
            throw failure
        }
    }

    /// `date` as the wire carries it (whole microseconds), so a replayed answer equals the first.
    static func wholeMicroseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000_000).rounded() / 1_000_000)
    }

    /// The notice as sent: the link on its own line, and a Message-ID from the key's hash.
    public static func prepare(_ notice: UserNotice, key: String) -> PreparedNotice {
        let digest = Digest.sha256(Array(key.utf8)).prefix(16).map { String($0, radix: 16).leftPadded(2) }.joined()
        let text = notice.link.isEmpty ? notice.text : notice.text + "\n\n" + notice.link
        return PreparedNotice(subject: notice.subject, text: text, messageID: "<\(digest)@palisade>", idempotencyKey: key)
    }

    private func logFailure(_ error: any Error, method: String, user: UserKey) {
        guard let failure = error as? IdentityFailure else { return }
        counters.failures.add(1, ordering: .relaxed)
        logger.log(
            level: failure.isFinal ? .notice : .warning, "identity call failed",
            metadata: [
                "method": "\(method)", "user": "\(user)", "status": "\(failure.status.name)", "reason": "\(failure.message)",
                "providerRequestID": "\(failure.providerRequestID ?? "")", "providerError": "\(failure.providerError ?? "")",
            ])
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
