import Foundation
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeWire
import Testing

/// The identity contract (`Protocol/identity.md`) held against both services, each a real
/// process in front of its simulator: every test runs once per provider with the same
/// expectations, so passing both proves the services interchangeable — the same answers, the same
/// statuses, the same idempotency.
@Suite("Identity conformance: palisade-identity and palisade-identity-okta", .serialized)
struct IdentityConformanceTests {
    @Test("GetUserStatus: active, disabled, deleted, unknown, by id, malformed", arguments: Provider.allCases)
    func statuses(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let people = fixture.people
            let active = try await fixture.status(.email(people.active.email.uppercased()))
            #expect(active.state == .active && active.providerID == world.id(of: people.active) && active.provider == provider.rawValue)
            #expect(active.email.lowercased() == people.active.email.lowercased() && active.displayName.isEmpty == false)
            let byID = try await fixture.status(.id(world.id(of: people.active)))
            #expect(byID.email.lowercased() == people.active.email.lowercased())
            let disabled = try await fixture.status(.email(people.disabled.email))
            #expect(disabled.state == .disabled)
            let deleted = try await fixture.status(.email(people.deleted.email))
            #expect(deleted.state == .deleted && deleted.deleted != nil)
            let unknown = try await fixture.status(.email("nobody@\(people.directory.domain)"))
            #expect(unknown.state == .notFound && unknown.providerID.isEmpty)
            var malformed: RPCError?
            do { _ = try await fixture.status(.email("not an address")) } catch let error as RPCError { malformed = error }
            #expect(malformed?.code == .invalidArgument)
        }
    }

    @Test("actions: applied, replayed by key (the provider not asked again), already done, refused for good", arguments: Provider.allCases)
    func actions(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let people = fixture.people
            let ana = DirectoryPersonKey.email(people.active.email)
            let suspended = try await fixture.act(.suspendUser, ana, key: "a-1/suspend")
            #expect(suspended.outcome == .applied && !suspended.replayed && suspended.provider == provider.rawValue)
            #expect(suspended.providerID == world.id(of: people.active) && !suspended.providerRequestID.isEmpty)
            let afterSuspend = try await fixture.status(ana)
            #expect(afterSuspend.state == .disabled || provider == .entra)  // Entra's copy catches up at its next round
            let calls = world.providerCalls()
            let replay = try await fixture.act(.suspendUser, ana, key: "a-1/suspend")
            #expect(replay.replayed && replay.outcome == .applied && replay.providerRequestID == suspended.providerRequestID)
            #expect(world.providerCalls() == calls, "a replay asks the provider nothing")
            let again = try await fixture.act(.suspendUser, ana, key: "a-2/suspend")
            #expect(again.outcome == .alreadyDone && !again.replayed)
            #expect(world.signInChanges(of: people.active) == 1)
            let unsuspended = try await fixture.act(.unsuspendUser, ana, key: "a-1/unsuspend")
            #expect(unsuspended.outcome == .applied)
            #expect(world.signInChanges(of: people.active) == 2)
            let signedOut = try await fixture.act(.requireSignIn, ana, key: "a-1/sign-in")
            #expect(signedOut.outcome == .applied)
            #expect(world.revocations(of: people.active) == 1)

            // Refusals: final, and recorded against their key.
            let unknown = await fixture.refusal(.suspendUser, .email("nobody@\(people.directory.domain)"), key: "u-1")
            #expect(unknown?.code == .notFound)
            let gone = await fixture.refusal(.suspendUser, .email(people.deleted.email), key: "d-1")
            #expect(gone?.code == .failedPrecondition)
            let reused = await fixture.refusal(.unsuspendUser, ana, key: "a-1/suspend")
            #expect(reused?.code == .alreadyExists)
            let noNotice = await fixture.refusal(.notifyUser, ana, key: "n-0")
            #expect(noNotice?.code == .invalidArgument)
        }
    }

    @Test("notices: one mail with the subject, text and link; a replay sends nothing", arguments: Provider.allCases)
    func notices(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let person = fixture.people.other
            let notice = UserNotice(
                subject: "Unusual sign-in — Überprüfung", text: "We saw a sign-in from Brazil.", link: "https://palisade.test/alerts/7")
            let result = try await fixture.act(.notifyUser, .email(person.email), key: "alert-7/notify", notice: notice)
            #expect(result.outcome == .applied)
            _ = try await fixture.act(.notifyUser, .email(person.email), key: "alert-7/notify", notice: notice)
            let mails = fixture.world.notices(to: person)
            #expect(mails.count == 1)
            #expect(mails.first?.subject == notice.subject)
            #expect(mails.first?.text.contains("We saw a sign-in from Brazil.") == true && mails.first?.text.contains(notice.link) == true)
        }
    }

    @Test("throttling, 502, 503, 504 and slow answers are waited out: each action applied exactly once", arguments: Provider.allCases)
    func throttling(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let person = fixture.people.other
            let faults: [ConformanceFault] = [
                .throttle(count: 3), .unavailable(count: 2, status: 502), .unavailable(count: 2, status: 503),
                .unavailable(count: 2, status: 504),
                .slow(count: 2, milliseconds: 300),
            ]
            for (index, fault) in faults.enumerated() {
                world.inject(fault)
                let action: IdentityAction = index % 2 == 0 ? .suspendUser : .unsuspendUser
                let result = try await fixture.act(action, .email(person.email), key: "storm-\(index)")
                #expect(result.outcome == .applied, "\(fault)")
                #expect(world.signInChanges(of: person) == index + 1, "\(fault): applied once")
                world.clearFaults()
            }
        }
    }

    @Test(
        "an HTML page, cut-off JSON, a 500 or a broken transfer is retryable; the same key then applies once",
        arguments: Provider.allCases)
    func garbage(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let person = fixture.people.other
            for (index, fault) in [ConformanceFault.html, .truncated, .failing, .brokenTransfer].enumerated() {
                world.inject(fault)
                let refused = await fixture.refusal(
                    index % 2 == 0 ? .suspendUser : .unsuspendUser, .email(person.email), key: "garbage-\(index)")
                #expect(refused?.code == .unavailable, "\(fault)")
                #expect(world.signInChanges(of: person) == index, "\(fault)")
                world.clearFaults()
                let afterGarbage = try await fixture.act(
                    index % 2 == 0 ? .suspendUser : .unsuspendUser, .email(person.email), key: "garbage-\(index)")
                #expect(afterGarbage.outcome == .applied, "\(fault)")
                #expect(world.signInChanges(of: person) == index + 1, "\(fault)")
            }
        }
    }

    @Test(
        "expired tokens are renewed; a missing permission and broken credentials are final, with the provider's ids",
        arguments: Provider.allCases)
    func credentials(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let person = DirectoryPersonKey.email(fixture.people.other.email)
            world.inject(.expireTokens)
            let withFreshToken = try await fixture.act(.requireSignIn, person, key: "t-1")
            #expect(withFreshToken.outcome == .applied)

            world.denyWrites()
            let denied = await fixture.refusal(.suspendUser, person, key: "p-1")
            #expect(denied?.code == .failedPrecondition, "\(String(describing: denied))")
            #expect(denied?.details["providerRequestID"]?.isEmpty == false && denied?.details["providerError"] == world.deniedWriteCode)
            let calls = world.providerCalls()
            let again = await fixture.refusal(.suspendUser, person, key: "p-1")
            #expect(again == denied && world.providerCalls() == calls, "a final refusal is answered again without asking")

            world.breakCredentials()
            let broken = await fixture.refusal(.requireSignIn, person, key: "c-1")
            #expect(broken?.code == .failedPrecondition, "\(String(describing: broken))")
        }
    }

    @Test("kill -9 after an action: the same key is answered from the log; one state change, one mail", arguments: Provider.allCases)
    func crash(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let world = fixture.world
            let person = fixture.people.active
            let notice = UserNotice(subject: "Your account was suspended", text: "An alert suspended your account.")
            let first = try await fixture.act(.suspendUser, .email(person.email), key: "k9/suspend")
            _ = try await fixture.act(.notifyUser, .email(person.email), key: "k9/notify", notice: notice)
            try await fixture.crashAndRestart()
            let replay = try await fixture.act(.suspendUser, .email(person.email), key: "k9/suspend")
            #expect(replay.replayed && replay.completed == first.completed)
            let noticeReplay = try await fixture.act(.notifyUser, .email(person.email), key: "k9/notify", notice: notice)
            #expect(noticeReplay.replayed)
            #expect(world.signInChanges(of: person) == 1)
            #expect(world.notices(to: person).count == 1)
        }
    }
}

extension IdentityConformanceTests {
    @Test("palisade identity and JSON over HTTPS (curl's way) work against either service", arguments: Provider.allCases)
    func operatorTools(provider: Provider) async throws {
        try await ConformanceFixture.with(provider) { fixture in
            let person = fixture.people.other
            let tools = OperatorTools(
                port: fixture.world.port, files: try fixture.mesh.files(for: "operator/alice"), directory: fixture.scope.directory)
            let suspended = try await tools.cli(["suspend", person.email, "--idempotency-key", "cli-1", "--reason", "a test", "--json"])
            #expect(suspended.status == 0, "\(suspended.output)")
            let result = try JSONSerialization.jsonObject(with: Data(suspended.output.utf8)) as? [String: Any]
            #expect(result?["outcome"] as? Int == 1 && result?["provider"] as? String == provider.rawValue, "\(suspended.output)")
            let status = try await tools.cli(["status", person.email])
            #expect(status.status == 0 && status.output.contains(person.email), "\(status.output)")
            let actions = try await tools.cli(["actions"])
            #expect(actions.status == 0 && actions.output.contains(provider.rawValue), "\(actions.output)")

            let unsuspend = try await tools.json("UnsuspendUser", #"{"idempotencyKey":"json-1","email":"\#(person.email)"}"#)
            #expect(unsuspend.status == 200 && unsuspend.body["outcome"] as? Int == 1, "\(unsuspend.body)")
            let missing = try await tools.json(
                "SuspendUser", #"{"idempotencyKey":"json-2","email":"nobody@\#(fixture.people.directory.domain)"}"#)
            #expect(missing.status == 404 && missing.body["code"] as? String == "not_found", "\(missing.body)")
            #expect(fixture.world.signInChanges(of: person) == 2)
        }
    }
}
