import Foundation
import Logging
import PalisadeIdentityService
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Synchronization
import Testing

@Suite struct IdentityServiceTests {
    static let ana = ProviderUser(id: "u1", email: "ana@acme.test", displayName: "Ana", state: .active)
    static let gone = ProviderUser(id: "u2", email: "old@acme.test", displayName: "Old", state: .deleted)

    private func service(_ provider: CountingProvider, _ path: String) throws -> (IdentityService, ActionLog) {
        let log = try ActionLog(path: path)
        return (IdentityService(provider: provider, log: log, logger: Logger(label: "test")), log)
    }

    @Test func aRepeatedKeyIsAnsweredFromTheLogAlsoAfterAReopen() async throws {
        let directory = try TemporaryDirectory("identity-kit")
        let provider = CountingProvider(users: [Self.ana])
        let request = UserActionRequest(idempotencyKey: "alert-1/suspend", email: "ANA@acme.test", reason: "alert 1")
        var (service, log) = try service(provider, directory.file("identity.sqlite"))
        let first = try await service.act(.suspendUser, request, caller: "alerting")
        #expect(first.outcome == .applied && !first.replayed && first.providerID == "u1" && first.providerRequestID == "req-1")
        let again = try await service.act(.suspendUser, request, caller: "alerting")
        #expect(again.replayed && again.providerRequestID == first.providerRequestID && again.completed == first.completed)
        log.close()
        (service, log) = try self.service(provider, directory.file("identity.sqlite"))
        let afterRestart = try await service.act(.suspendUser, request, caller: "alerting")
        #expect(afterRestart.replayed && afterRestart.providerID == "u1")
        #expect(provider.callCount == 1)
        log.close()
    }

    @Test func concurrentCallsWithOneKeyAskTheProviderOnce() async throws {
        let directory = try TemporaryDirectory("identity-kit")
        let provider = CountingProvider(users: [Self.ana], delay: .milliseconds(50))
        let (service, log) = try service(provider, directory.file("identity.sqlite"))
        let request = UserActionRequest(idempotencyKey: "k", email: "ana@acme.test")
        let results = try await withThrowingTaskGroup(of: UserActionResult.self) { group in
            for _ in 0..<8 { group.addTask { try await service.act(.requireSignIn, request, caller: "alerting") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(provider.callCount == 1)
        let fresh = results.filter { !$0.replayed }.count
        #expect(fresh == 1 && results.count == 8)
        log.close()
    }

    @Test func finalFailuresAreReplayedAndRetryableOnesTriedAgain() async throws {
        let directory = try TemporaryDirectory("identity-kit")
        let provider = CountingProvider(users: [Self.ana, Self.gone])
        let (service, log) = try service(provider, directory.file("identity.sqlite"))
        // Retryable: the next call with the key asks again, and succeeds.
        provider.nextFailures.withLock {
            $0 = [IdentityFailure(.unavailable, "throttled", providerRequestID: "r-429", retryAfterSeconds: 2.128)]
        }
        let request = UserActionRequest(idempotencyKey: "retry", email: "ana@acme.test")
        let thrown = await #expect(throws: IdentityFailure.self) { try await service.act(.suspendUser, request, caller: "alerting") }
        #expect(thrown?.rpcError.details == ["providerRequestID": "r-429", "retryAfterSeconds": "2.128"])
        #expect(try await service.act(.suspendUser, request, caller: "alerting").outcome == .applied)
        #expect(provider.callCount == 2)
        // Final: the provider refuses; the same key gets the same error without asking again.
        provider.nextFailures.withLock {
            $0 = [IdentityFailure(.refused, "no permission", providerRequestID: "r-403", providerError: "Authorization_RequestDenied")]
        }
        let denied = UserActionRequest(idempotencyKey: "denied", email: "ana@acme.test")
        var errors: [RPCError] = []
        for _ in 0..<2 {
            do {
                _ = try await service.act(.suspendUser, denied, caller: "alerting")
            } catch let error as RPCError {
                errors.append(error)  // the replay: the recorded error
            } catch let error as any RPCErrorConvertible {
                errors.append(error.rpcError)
            }
        }
        #expect(errors.count == 2 && errors[0] == errors[1])
        #expect(errors.first?.code == .failedPrecondition && errors.first?.details["providerError"] == "Authorization_RequestDenied")
        #expect(provider.callCount == 3)
        // Unknown and deleted users: final, and the provider is never asked to act.
        for (key, email, code) in [("nobody", "nobody@acme.test", StatusCode.notFound), ("gone", "old@acme.test", .failedPrecondition)] {
            let error = await #expect(throws: IdentityFailure.self) {
                try await service.act(.suspendUser, UserActionRequest(idempotencyKey: key, email: email), caller: "alerting")
            }
            #expect(error?.status == code)
        }
        #expect(provider.callCount == 3)
        log.close()
    }

    @Test func aKeyNamesOneActionOnOneUser() async throws {
        let directory = try TemporaryDirectory("identity-kit")
        let provider = CountingProvider(users: [
            Self.ana, ProviderUser(id: "u3", email: "ben@acme.test", displayName: "Ben", state: .active),
        ])
        let (service, log) = try service(provider, directory.file("identity.sqlite"))
        _ = try await service.act(.suspendUser, UserActionRequest(idempotencyKey: "k1", email: "ana@acme.test"), caller: "alerting")
        for (action, email) in [(IdentityAction.unsuspendUser, "ana@acme.test"), (.suspendUser, "ben@acme.test")] {
            let error = await #expect(throws: IdentityFailure.self) {
                try await service.act(action, UserActionRequest(idempotencyKey: "k1", email: email), caller: "alerting")
            }
            #expect(error?.status == .alreadyExists)
        }
        #expect(provider.callCount == 1)
        log.close()
    }

    @Test(arguments: [
        (IdentityAction.suspendUser, UserActionRequest(idempotencyKey: "", email: "ana@acme.test"), "idempotencyKey"),
        (.suspendUser, UserActionRequest(idempotencyKey: "has space", email: "ana@acme.test"), "idempotencyKey"),
        (.suspendUser, UserActionRequest(idempotencyKey: "k"), "name the user"),
        (.suspendUser, UserActionRequest(idempotencyKey: "k", email: "ana"), "not an e-mail address"),
        (.suspendUser, UserActionRequest(idempotencyKey: "k", email: "ana@@acme.test"), "not an e-mail address"),
        (.suspendUser, UserActionRequest(idempotencyKey: "k", email: "a' or 1 eq 1@x.test"), "not an e-mail address"),
        (.notifyUser, UserActionRequest(idempotencyKey: "k", email: "ana@acme.test"), "needs a notice"),
        (
            .suspendUser, UserActionRequest(idempotencyKey: "k", email: "ana@acme.test", reason: String(repeating: "r", count: 1_001)),
            "reason"
        ),
        (
            .suspendUser, UserActionRequest(idempotencyKey: "k", email: "ana@acme.test", notice: UserNotice(subject: "s", text: "t")),
            "only NotifyUser"
        ),
        (
            .notifyUser,
            UserActionRequest(idempotencyKey: "k", email: "ana@acme.test", notice: UserNotice(subject: "a\r\nBcc: x", text: "t")),
            "one line"
        ),
        (
            .notifyUser,
            UserActionRequest(idempotencyKey: "k", email: "ana@acme.test", notice: UserNotice(subject: "s", text: "t", link: "http://x")),
            "https://"
        ),
    ])
    func badRequestsAreRefusedBeforeTheLog(action: IdentityAction, request: UserActionRequest, says: String) async throws {
        let directory = try TemporaryDirectory("identity-kit")
        let provider = CountingProvider(users: [Self.ana])
        let (service, log) = try service(provider, directory.file("identity.sqlite"))
        let error = await #expect(throws: IdentityFailure.self) { try await service.act(action, request, caller: "operator/x") }
        #expect(error?.status == .invalidArgument)
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
        #expect(try log.counts().isEmpty)
        log.close()
    }

    @Test func aNoticeCarriesTheLinkAndAMessageIDFromItsKey() {
        let notice = IdentityService.prepare(UserNotice(subject: "s", text: "Hello", link: "https://a.test/1"), key: "alert-1/notify")
        #expect(notice.text == "Hello\n\nhttps://a.test/1")
        #expect(notice.messageID == IdentityService.prepare(UserNotice(subject: "x", text: "y"), key: "alert-1/notify").messageID)
        #expect(notice.messageID.hasPrefix("<") && notice.messageID.hasSuffix("@palisade>") && notice.messageID.count == 43)
    }
}
