import ArgumentParser
import Foundation
import PalisadeIdentityService
import PalisadeMessages
import PalisadeRPC
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import PalisadeCLI

/// Ana may sign in; Old was deleted on 2026-12-01; Lee's actions are refused for good (the
/// service's permission is missing); Tia's are throttled until the deadline.
private func provider() -> MemoryIdentityProvider {
    MemoryIdentityProvider(
        users: [
            ProviderUser(id: "7f1c-ana", email: "ana@acme.test", displayName: "Ana Lima", state: .active),
            ProviderUser(
                id: "9d2e-old", email: "old@acme.test", displayName: "Old Account", state: .deleted,
                deleted: Date(timeIntervalSince1970: 1_796_115_600)),
            ProviderUser(id: "3a4b-lee", email: "lee@acme.test", displayName: "Lee", state: .active),
            ProviderUser(id: "5c6d-tia", email: "tia@acme.test", displayName: "Tia", state: .active),
        ],
        failures: [
            "lee@acme.test": IdentityFailure(
                .refused, "the service may not suspend users: grant it User.EnableDisableAccount.All", providerRequestID: "r-403",
                providerError: "Authorization_RequestDenied"),
            "tia@acme.test": IdentityFailure(.unavailable, "Graph kept throttling", providerRequestID: "r-429", retryAfterSeconds: 2.5),
        ])
}

/// Runs an action command parsed from `arguments` (with the stub's address and mesh files)
/// against the stub and returns what it printed.
private func act<Command: IdentityActionCommand>(_ type: Command.Type, _ stub: StubIdentity, _ arguments: [String]) async throws
    -> OutputBuffer
{
    let command = try type.parse(arguments + stub.clientArguments)
    let output = OutputBuffer()
    try await command.execute(
        rpc: try command.identity.makeClient(environment: isolatedEnvironment), key: command.options.key ?? "cli/test",
        notice: try command.notice(), output: output)
    return output
}

/// The RPC error an action command fails with, or nil.
private func actionError<Command: IdentityActionCommand>(_ type: Command.Type, _ stub: StubIdentity, _ arguments: [String]) async
    -> RPCError?
{
    do { _ = try await act(type, stub, arguments) } catch let error as RPCError { return error } catch { return nil }
    return nil
}

/// The `palisade identity` commands run whole against the real identity service (over mutual
/// TLS as `operator/test`) with a provider in memory, and what they check before sending.
@Suite("Identity commands against the identity service")
struct IdentityCommandTests {
    @Test("status prints the state, the user and the answer's age; --json is the UserStatus; no such user is an answer")
    func status() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        func status(_ arguments: [String]) async throws -> OutputBuffer {
            let command = try IdentityStatus.parse(arguments + stub.clientArguments)
            let output = OutputBuffer()
            let rpc = try command.identity.makeClient(environment: isolatedEnvironment)
            try await command.execute(rpc: rpc, output: output, now: StubIdentity.now)
            return output
        }
        let ana = try await status(["ANA@acme.test"])
        let old = try await status(["--id", "9d2e-old"])
        let nobody = try await status(["nobody@acme.test"])
        let json = try await status(["ana@acme.test", "--json"])
        await stub.stop()
        #expect(
            ana.lines == [
                "state        active (exists and may sign in)", "name         Ana Lima", "address      ana@acme.test",
                "provider id  7f1c-ana", "provider     entra", "as of        2026-12-08T09:00:00Z (30 min ago)",
            ])
        #expect(old.lines.first == "state        deleted (deleted or deprovisioned; cannot be acted on)")
        #expect(old.lines.contains("deleted      2026-12-01T09:00:00Z"))
        #expect(
            nobody.lines == [
                "state        not-found (the provider has no such user)", "provider     entra",
                "as of        2026-12-08T09:00:00Z (30 min ago)",
            ])
        let decoded = try WireJSONDecoder().decode(UserStatus.self, from: Array(json.contents.utf8))
        #expect(
            decoded
                == UserStatus(
                    state: .active, providerID: "7f1c-ana", displayName: "Ana Lima", email: "ana@acme.test", provider: "entra",
                    asOf: MemoryIdentityProvider.asOf))
        #expect(json.lines.count == 1)
    }

    @Test("actions prints the provider, tenant, actions and notice channel; --json is the IdentityCapabilities")
    func actions() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        let rpc = try ListIdentityActions.parse(stub.clientArguments).identity.makeClient(environment: isolatedEnvironment)
        let lines = OutputBuffer()
        try await ListIdentityActions.parse(stub.clientArguments).execute(rpc: rpc, output: lines)
        let json = OutputBuffer()
        try await ListIdentityActions.parse(stub.clientArguments + ["--json"]).execute(rpc: rpc, output: json)
        await stub.stop()
        #expect(
            lines.lines == [
                "provider     entra", "tenant       acme.onmicrosoft.com", "actions      notify, require-sign-in, suspend, unsuspend",
                "notices      graph sendMail as alerts@acme.test",
            ])
        let decoded = try WireJSONDecoder().decode(IdentityCapabilities.self, from: Array(json.contents.utf8))
        #expect(decoded == stub.provider.capabilities)
    }

    @Test("suspend applies, the same key replays without asking the provider, a new key finds it already so; unsuspend by --id")
    func suspendAndUnsuspend() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        let first = try await act(
            SuspendUser.self, stub, ["ana@acme.test", "--idempotency-key", "alert-42/suspend", "--reason", "alert 42"])
        let replay = try await act(
            SuspendUser.self, stub, ["ana@acme.test", "--idempotency-key", "alert-42/suspend", "--reason", "alert 42"])
        let askedOnce = stub.provider.actionCount
        let again = try await act(SuspendUser.self, stub, ["ana@acme.test", "--idempotency-key", "second", "--json"])
        let unsuspended = try await act(UnsuspendUser.self, stub, ["--id", "7f1c-ana", "--idempotency-key", "undo"])
        let already = try await act(UnsuspendUser.self, stub, ["ana@acme.test", "--idempotency-key", "undo-again"])
        await stub.stop()
        #expect(
            first.lines == [
                "suspended ana@acme.test: sign-in blocked", "action       suspend", "outcome      applied (the provider did it)",
                "user         ana@acme.test (provider id 7f1c-ana)", "provider     entra", "request id   req-1",
                "completed    2026-12-08T09:30:00Z", "key          alert-42/suspend", "detail       Sign-in blocked for ana@acme.test.",
            ])
        #expect(replay.lines.first == "replayed: suspended ana@acme.test: sign-in blocked")
        #expect(
            replay.lines.contains(
                "replayed     the stored answer of an earlier call with this key; entra was not asked again"))
        #expect(replay.lines.contains("request id   req-1") && askedOnce == 1)
        let result = try WireJSONDecoder().decode(UserActionResult.self, from: Array(again.contents.utf8))
        #expect(result.action == .suspendUser && result.outcome == .alreadyDone && !result.replayed && result.providerRequestID == "req-2")
        #expect(unsuspended.lines.first == "unsuspended ana@acme.test: sign-in allowed again")
        #expect(already.lines.first == "ana@acme.test could already sign in: nothing changed")
        #expect(already.lines.contains("outcome      already so (nothing changed)"))
        #expect(stub.provider.user(id: "7f1c-ana")?.state == .active)
    }

    @Test("notify sends the notice from --text or --text-file with its link; require-sign-in; --json is the UserActionResult")
    func notifyAndRequireSignIn() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        let file = try directory.write("notice.txt", "You shared 40 files with a personal address.\n")
        let notified = try await act(
            NotifyUser.self, stub,
            [
                "ana@acme.test", "--subject", "Files shared outside Acme", "--text", "Please call the service desk.", "--link",
                "https://palisade.acme.test/alerts/42", "--idempotency-key", "n1",
            ])
        let fromFile = try await act(
            NotifyUser.self, stub, ["ana@acme.test", "--subject", "Second", "--text-file", file, "--idempotency-key", "n2", "--json"])
        let signIn = try await act(RequireSignIn.self, stub, ["ana@acme.test", "--idempotency-key", "r1", "--reason", "alert 57"])
        await stub.stop()
        #expect(notified.lines.first == "notified ana@acme.test: the notice was sent")
        #expect(notified.lines.contains("detail       Mailed \"Files shared outside Acme\" to ana@acme.test."))
        let notices = stub.provider.notices
        #expect(notices.count == 2)
        #expect(notices.first?.text == "Please call the service desk.\n\nhttps://palisade.acme.test/alerts/42")
        #expect(notices.last?.text == "You shared 40 files with a personal address.\n" && notices.last?.idempotencyKey == "n2")
        let result = try WireJSONDecoder().decode(UserActionResult.self, from: Array(fromFile.contents.utf8))
        #expect(result.action == .notifyUser && result.outcome == .applied && result.email == "ana@acme.test")
        #expect(signIn.lines.first == "ana@acme.test must sign in again: sessions and refresh tokens revoked")
    }

    @Test("a final error prints its status, message and details and says not to retry; the same key answers it again")
    func finalErrorWithDetails() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        let refused = await actionError(SuspendUser.self, stub, ["lee@acme.test", "--idempotency-key", "lee-1"])
        let asked = stub.provider.actionCount
        let replayed = await actionError(SuspendUser.self, stub, ["lee@acme.test", "--idempotency-key", "lee-1"])
        let askedAfterReplay = stub.provider.actionCount
        let unknown = await actionError(SuspendUser.self, stub, ["nobody@acme.test", "--idempotency-key", "nobody-1"])
        let deleted = await actionError(SuspendUser.self, stub, ["old@acme.test", "--idempotency-key", "old-1"])
        let reused = await actionError(RequireSignIn.self, stub, ["ana@acme.test", "--idempotency-key", "lee-1"])
        await stub.stop()
        let error = try #require(refused)
        #expect(
            CommandFailure.lines(for: error, advice: IdentityRetry.advice(for: error, key: "lee-1")) == [
                "error: FAILED_PRECONDITION: the service may not suspend users: grant it User.EnableDisableAccount.All",
                "  providerError: Authorization_RequestDenied", "  providerRequestID: r-403",
                "final: asked again unchanged this fails again, so do not retry; once the cause is fixed, run it with a new --idempotency-key "
                    + "(this one keeps its error)",
            ])
        #expect(replayed == refused && asked == askedAfterReplay)
        #expect(unknown?.code == .notFound && unknown?.details == ["providerRequestID": "req-404"])
        #expect(deleted?.code == .failedPrecondition && deleted?.details == [:])
        #expect(reused?.code == .alreadyExists)
    }

    @Test("a retryable error says to run the command again with the same key, and how long the provider asked to wait")
    func retryableError() async throws {
        let directory = try TemporaryDirectory("cli-identity")
        let stub = try StubIdentity(directory: directory.path, provider: provider())
        let throttled = await actionError(SuspendUser.self, stub, ["tia@acme.test", "--idempotency-key", "tia-1"])
        let asked = stub.provider.actionCount
        let again = await actionError(SuspendUser.self, stub, ["tia@acme.test", "--idempotency-key", "tia-1"])
        let askedAgain = stub.provider.actionCount
        await stub.stop()
        let error = try #require(throttled)
        #expect(
            CommandFailure.lines(for: error, advice: IdentityRetry.advice(for: error, key: "tia-1")) == [
                "error: UNAVAILABLE: Graph kept throttling", "  providerRequestID: r-429", "  retryAfterSeconds: 2.5",
                "retryable: run the same command again after 2.5 s (the provider asked to wait) with --idempotency-key tia-1: the service does "
                    + "the action at most once per key, so a retry never acts twice",
            ])
        // Not recorded: the same key asks the provider again.
        #expect(again?.code == .unavailable && askedAgain == asked + 1)
        #expect(IdentityRetry.advice(for: RPCError(.deadlineExceeded, "too slow"), key: nil) == "retryable: run the same command again")
        #expect(CommandFailure.lines(for: RPCError(.notFound, "no policy"), advice: nil) == ["error: NOT_FOUND: no policy"])
        // Refusals of the mesh are neither: nothing was done, and the same call is refused again.
        let denied = IdentityRetry.advice(for: RPCError(.permissionDenied, "'detection' may not call SuspendUser"), key: "k")
        #expect(denied.hasPrefix("nothing was done: the identity service takes operators' certificates"))
        let elsewhere = IdentityRetry.advice(for: RPCError(.unimplemented, "no such method"), key: nil)
        #expect(elsewhere.hasSuffix("(the identity service listens on 7105 by default)"))
    }

    @Test("arguments: a user is required, once; a notice needs a subject and one text; keys and links are checked")
    func arguments() {
        let noUser = "name the user: an e-mail address or user principal name, or --id PROVIDER_ID"
        #expect(refusal(SuspendUser.self, []) == noUser)
        #expect(refusal(IdentityStatus.self, []) == noUser)
        #expect(
            refusal(IdentityStatus.self, ["ana@acme.test", "--id", "7f1c"])
                == "give USER or --id, not both: the provider's id wins, so the address would be ignored")
        #expect(refusal(UnsuspendUser.self, ["7f1c-ana"])?.hasSuffix("for the provider's id of the user use --id") == true)
        let notify = ["ana@acme.test", "--subject", "S"]
        #expect(
            refusal(NotifyUser.self, notify + ["--text", "T", "--text-file", "f.txt"])
                == "--text and --text-file do not go together: choose one")
        #expect(refusal(NotifyUser.self, ["ana@acme.test", "--text", "T"]) == "a notice needs --subject: the mail's subject, one line")
        #expect(
            refusal(NotifyUser.self, notify) == "a notice needs its text: --text TEXT, or --text-file FILE (- for standard input)")
        #expect(
            refusal(NotifyUser.self, ["ana@acme.test", "--subject", "a\nb", "--text", "T"])
                == "--subject must be one line of 1–255 characters")
        #expect(refusal(NotifyUser.self, notify + ["--text", ""]) == "--text is empty; a notice has some text")
        #expect(
            refusal(NotifyUser.self, notify + ["--text", "T", "--link", "http://x"])
                == "--link must be an https:// URL without spaces, at most 2048 characters")
        #expect(refusal(NotifyUser.self, notify + ["--text-file", "-"]) == nil)
        #expect(
            refusal(SuspendUser.self, ["ana@acme.test", "--idempotency-key", "two words"])
                == "--idempotency-key must be 1–200 printable ASCII characters without spaces, e.g. alert-42/suspend")
        let names = Identity.configuration.subcommands.map { $0.configuration.commandName ?? "" }.sorted()
        #expect(names == ["actions", "notify", "require-sign-in", "status", "suspend", "unsuspend"])
    }

    @Test("a generated key names the action, is a valid key, and its note says how to repeat the action")
    func generatedKey() {
        let key = IdentityActionOptions.freshKey(for: .suspendUser)
        #expect(key.hasPrefix("cli/suspend/") && key.count == 48 && IdentityActionOptions.isValidKey(key))
        #expect(IdentityActionOptions.freshKey(for: .suspendUser) != key)
        #expect(IdentityActionOptions.keyNote(key).contains("run the same command with --idempotency-key \(key)"))
        #expect(!IdentityActionOptions.isValidKey("") && !IdentityActionOptions.isValidKey(String(repeating: "k", count: 201)))
    }

    @Test("a notice's text file: missing, too large, not UTF-8 or empty is refused before anything is sent")
    func textFile() throws {
        let directory = try TemporaryDirectory("cli-identity")
        func failure(_ path: String) -> String? {
            do { _ = try NoticeText.read(path) } catch { return error.message }
            return nil
        }
        #expect(failure(directory.file("nowhere.txt")) == "\(directory.file("nowhere.txt")): no such file")
        let large = directory.file("large.txt")
        try Data(repeating: UInt8(ascii: "a"), count: NoticeText.maxBytes + 1).write(to: URL(fileURLWithPath: large))
        #expect(failure(large) == "\(large) has more than 65536 bytes; a notice's text is at most 64 KiB")
        let latin1 = directory.file("latin1.txt")
        try Data([0x63, 0x61, 0x66, 0xe9]).write(to: URL(fileURLWithPath: latin1))
        #expect(failure(latin1) == "\(latin1) is not UTF-8 text; a notice is plain text in UTF-8")
        #expect(failure(try directory.write("empty.txt", "")) == "\(directory.file("empty.txt")) is empty; a notice has some text")
        let exact = directory.file("exact.txt")
        try Data(repeating: UInt8(ascii: "a"), count: NoticeText.maxBytes).write(to: URL(fileURLWithPath: exact))
        #expect(failure(exact) == nil)
    }

    @Test("the identity service's address: --address, PALISADE_IDENTITY_ADDRESS, the profile's identityAddress, then 7105")
    func address() throws {
        let bare = try #require(parsed(ListIdentityActions.self, []))
        let profile = ClientProfile(address: "10.0.0.5:7101", detectionAddress: "10.0.0.7:7103", identityAddress: "10.0.0.9:7105")
        #expect(bare.identity.resolvedAddress(environment: [:], profile: nil) == "127.0.0.1:7105")
        #expect(bare.identity.resolvedAddress(environment: [:], profile: ClientProfile(address: "10.0.0.5:7101")) == "127.0.0.1:7105")
        #expect(bare.identity.resolvedAddress(environment: [:], profile: profile) == "10.0.0.9:7105")
        #expect(bare.identity.resolvedAddress(environment: ["PALISADE_IDENTITY_ADDRESS": "i:1"], profile: profile) == "i:1")
        let flagged = try #require(parsed(ListIdentityActions.self, ["--address", "f:2"]))
        #expect(flagged.identity.resolvedAddress(environment: ["PALISADE_IDENTITY_ADDRESS": "i:1"], profile: profile) == "f:2")
    }

    @Test("certs issue --profile --identity-address writes the profile's identityAddress")
    func profileIdentityAddress() throws {
        let directory = try TemporaryDirectory("cli-profile")
        let issue = try #require(
            parsed(Certs.Issue.self, ["operator/alice", "--dir", "/srv/certs", "--profile", "--identity-address", "10.0.0.9:7105"]))
        try issue.writeProfile(to: directory.file("profile.json"), certificate: "/srv/certs/a.pem", key: "/srv/certs/a.key")
        #expect(try ClientProfile.load(path: directory.file("profile.json"))?.identityAddress == "10.0.0.9:7105")
        #expect(
            refusal(Certs.Issue.self, ["operator/alice", "--identity-address", "i:1"])
                == "--identity-address goes with --profile: it is the identity address the profile names")
    }
}
