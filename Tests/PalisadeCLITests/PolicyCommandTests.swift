import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadePolicies
import PalisadeRPC
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import PalisadeCLI

/// Parses `command` with the stub's address and cleartext, and a client from its own options.
private func prepared<Command: ParsableCommand>(
    _ type: Command.Type, port: Int, _ arguments: [String], client: (Command) -> DetectionClientOptions
) throws -> (Command, RPCClient) {
    let command = try type.parse(arguments + ["--plaintext", "--address", "127.0.0.1:\(port)"])
    return (command, try client(command).makeClient(environment: isolatedEnvironment))
}

/// The RPC error `body` throws, or nil.
private func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do { try await body() } catch let error as RPCError { return error } catch { return nil }
    return nil
}

/// A policy file's text whose first line names it, as the stub reads it.
private func policyText(_ name: String) -> String {
    "name: \(name)\nseverity: high\ntitle: \"{actor.email} downloaded many files\"\nmatch: { action: file_downloaded }\n"
}

/// The `policies` commands that keep detection's policies, run whole against a stub detection
/// server, and what they check before sending anything.
@Suite("Policy commands against a live stub server")
struct PolicyCommandTests {
    @Test("create reads the file and sends it with its path; a name in use is ALREADY_EXISTS; a refusal is located")
    func create() async throws {
        let directory = try TemporaryDirectory("cli-policies")
        let path = try directory.write("mass.yaml", policyText("Mass download"))
        let stub = StubDetection()
        let port = try stub.start()
        let (create, rpc) = try prepared(CreatePolicy.self, port: port, [path]) { $0.detection }
        let output = OutputBuffer()
        try await create.execute(rpc: rpc, document: try PolicyDocumentFile.read(path), output: output)
        #expect(output.lines.first == "created the policy Mass download")
        #expect(output.lines.contains("  state        enabled"))
        #expect(stub.received.documents == [PolicyDocument(source: policyText("Mass download"), fileName: path)])

        let again = await rpcError {
            try await create.execute(rpc: rpc, document: try PolicyDocumentFile.read(path), output: OutputBuffer())
        }
        #expect(again?.code == .alreadyExists)

        let broken = try directory.write("broken.yaml", "severity: high\n")
        let refused = await rpcError {
            try await create.execute(rpc: rpc, document: try PolicyDocumentFile.read(broken), output: OutputBuffer())
        }
        await stub.stop()
        #expect(refused?.code == .invalidArgument)
        #expect(refused?.message == "\(broken):1:1: name: a policy has a name")
    }

    @Test("update replaces the policy of the file's name; an unknown name is NOT_FOUND")
    func update() async throws {
        let directory = try TemporaryDirectory("cli-policies")
        let stored = PolicyInfo(
            name: "Mass download", severity: .low, state: .disabled, created: Date(timeIntervalSince1970: 1_796_115_600))
        let stub = StubDetection(policies: [stored])
        let port = try stub.start()
        let path = try directory.write("mass.yaml", policyText("Mass download"))
        let (update, rpc) = try prepared(UpdatePolicy.self, port: port, [path]) { $0.detection }
        let output = OutputBuffer()
        try await update.execute(rpc: rpc, document: try PolicyDocumentFile.read(path), output: output)
        #expect(output.lines.first == "updated the policy Mass download")
        #expect(output.lines.contains("  created      2026-12-01T09:00:00Z"))
        let other = try directory.write("other.yaml", policyText("Other"))
        let missing = await rpcError { try await update.execute(rpc: rpc, document: try PolicyDocumentFile.read(other), output: output) }
        await stub.stop()
        #expect(missing?.code == .notFound)
    }

    @Test("enable and disable send the switch and print the state; list, show and delete")
    func switchListShowDelete() async throws {
        let policy = PolicyInfo(
            name: "Mass download", severity: .high, state: .overDailyLimit, reason: "matched more than 200,000 activities",
            source: policyText("Mass download"), findings: 3, threshold: true)
        let stub = StubDetection(policies: [policy, PolicyInfo(name: "Exports", severity: .medium, state: .enabled)])
        let port = try stub.start()
        let (enable, rpc) = try prepared(EnablePolicy.self, port: port, ["Mass download"]) { $0.detection }
        let enabled = OutputBuffer()
        try await enable.execute(rpc: rpc, output: enabled)
        #expect(enabled.lines == ["Mass download is enabled"])
        let (disable, _) = try prepared(DisablePolicy.self, port: port, ["Exports"]) { $0.detection }
        let disabled = OutputBuffer()
        try await disable.execute(rpc: rpc, output: disabled)
        #expect(disabled.lines == ["Exports is disabled (disabled by operator/test)"])
        #expect(
            stub.received.switches == [PolicySwitch(name: "Mass download", enabled: true), PolicySwitch(name: "Exports", enabled: false)])

        let (list, _) = try prepared(ListPolicies.self, port: port, []) { $0.detection }
        let table = OutputBuffer()
        try await list.execute(rpc: rpc, output: table)
        #expect(table.lines.count == 3)
        #expect(table.lines[1].hasPrefix("Exports        disabled  medium    every match  0"))
        let (listJSON, _) = try prepared(ListPolicies.self, port: port, ["--json"]) { $0.detection }
        let json = OutputBuffer()
        try await listJSON.execute(rpc: rpc, output: json)
        let decoded = try WireJSONDecoder().decode(PolicyList.self, from: Array(json.contents.utf8))
        #expect(decoded.policies.map(\.name) == ["Exports", "Mass download"])
        #expect(decoded.policies.map(\.source) == ["", ""])

        let (show, _) = try prepared(ShowPolicy.self, port: port, ["Mass download"]) { $0.detection }
        let details = OutputBuffer()
        try await show.execute(rpc: rpc, output: details)
        #expect(details.lines.first == "name         Mass download" && details.lines.contains("  match: { action: file_downloaded }"))
        let (source, _) = try prepared(ShowPolicy.self, port: port, ["Mass download", "--source"]) { $0.detection }
        let text = OutputBuffer()
        try await source.execute(rpc: rpc, output: text)
        #expect(text.contents == policyText("Mass download"))
        let (showJSON, _) = try prepared(ShowPolicy.self, port: port, ["Mass download", "--json"]) { $0.detection }
        let object = OutputBuffer()
        try await showJSON.execute(rpc: rpc, output: object)
        #expect(try WireJSONDecoder().decode(PolicyInfo.self, from: Array(object.contents.utf8)).findings == 3)

        let (delete, _) = try prepared(DeletePolicy.self, port: port, ["Mass download"]) { $0.detection }
        let deleted = OutputBuffer()
        try await delete.execute(rpc: rpc, output: deleted)
        #expect(deleted.lines == ["deleted the policy Mass download; the findings it raised stay"])
        let gone = await rpcError { try await delete.execute(rpc: rpc, output: OutputBuffer()) }
        let (empty, _) = try prepared(ShowPolicy.self, port: port, ["nowhere"]) { $0.detection }
        let unknown = await rpcError { try await empty.execute(rpc: rpc, output: OutputBuffer()) }
        await stub.stop()
        #expect(gone?.code == .notFound && unknown?.code == .notFound)
        #expect(stub.received.deleted == ["Mass download"])
    }

    @Test("the golden policy_document is a policy, and policy_info says what its file says")
    func goldenDocumentParses() throws {
        let document = try WireJSONDecoder().decode(PolicyDocument.self, from: try VectorFiles.data("detection/policy_document.json"))
        let info = try WireJSONDecoder().decode(PolicyInfo.self, from: try VectorFiles.data("detection/policy_info.json"))
        let policy = try ActivityPolicy.parse(document.source, file: document.fileName)
        #expect(info.source == document.source)
        #expect(policy.name == info.name && policy.description == info.description && policy.severity == info.severity)
        #expect((policy.threshold != nil) == info.threshold && policy.actions == info.actions)
        #expect(PolicyStatus.overDailyLimit(day: Date(timeIntervalSince1970: 1_796_601_600), limit: 200_000).reason == info.reason)
    }

    @Test("an empty list says how to store a policy")
    func emptyList() async throws {
        let stub = StubDetection()
        let port = try stub.start()
        let (list, rpc) = try prepared(ListPolicies.self, port: port, []) { $0.detection }
        let output = OutputBuffer()
        try await list.execute(rpc: rpc, output: output)
        await stub.stop()
        #expect(output.lines == ["no policies; store one with: palisade policies create FILE (the Slack pack is in policies/slack/)"])
    }

    @Test("a file that is missing, a directory, over 256 KiB or not UTF-8 is refused before anything is sent")
    func fileChecks() throws {
        let directory = try TemporaryDirectory("cli-policies")
        func failure(_ path: String) -> String? {
            do { _ = try PolicyDocumentFile.read(path) } catch { return error.message }
            return nil
        }
        #expect(failure(directory.file("nowhere.yaml")) == "\(directory.file("nowhere.yaml")): no such file")
        #expect(
            failure(directory.path)?.hasSuffix("is a directory: give one policy file (palisade policies test checks a directory of them)")
                == true)
        let large = directory.file("large.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: PolicyDocumentFile.maxBytes + 1).write(to: URL(fileURLWithPath: large))
        #expect(failure(large) == "\(large) has 262145 bytes; a policy is at most 262144 (256 KiB)")
        let latin1 = directory.file("latin1.yaml")
        try Data([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]).write(to: URL(fileURLWithPath: latin1))
        #expect(failure(latin1) == "\(latin1) is not UTF-8 text; a policy file is YAML or JSON in UTF-8")
        let exact = directory.file("exact.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: PolicyDocumentFile.maxBytes).write(to: URL(fileURLWithPath: exact))
        #expect(failure(exact) == nil)
    }

    @Test("arguments: a file or a name is required; show's --json and --source exclude each other")
    func arguments() {
        #expect(refusal(CreatePolicy.self, [])?.contains("Missing expected argument '<file>'") == true)
        #expect(refusal(UpdatePolicy.self, [])?.contains("Missing expected argument '<file>'") == true)
        #expect(refusal(EnablePolicy.self, [])?.contains("Missing expected argument '<name>'") == true)
        #expect(refusal(DeletePolicy.self, [])?.contains("Missing expected argument '<name>'") == true)
        #expect(refusal(ShowPolicy.self, ["x", "--json", "--source"]) == "--json and --source do not go together: choose one")
        #expect(refusal(ListPolicies.self, ["--json"]) == nil)
        let names = Policies.configuration.subcommands.map { $0.configuration.commandName ?? "" }.sorted()
        #expect(names == ["create", "delete", "disable", "enable", "list", "replay", "show", "test", "update"])
    }

    @Test("detection's address: --address, PALISADE_DETECTION_ADDRESS, the profile's detectionAddress, then 7103")
    func address() throws {
        let bare = try #require(parsed(ListPolicies.self, []))
        let profile = ClientProfile(address: "10.0.0.5:7101", ingestionAddress: "10.0.0.6:7102", detectionAddress: "10.0.0.7:7103")
        #expect(bare.detection.resolvedAddress(environment: [:], profile: nil) == "127.0.0.1:7103")
        #expect(bare.detection.resolvedAddress(environment: [:], profile: ClientProfile(address: "10.0.0.5:7101")) == "127.0.0.1:7103")
        #expect(bare.detection.resolvedAddress(environment: [:], profile: profile) == "10.0.0.7:7103")
        #expect(bare.detection.resolvedAddress(environment: ["PALISADE_DETECTION_ADDRESS": "d:1"], profile: profile) == "d:1")
        let flagged = try #require(parsed(ListPolicies.self, ["--address", "f:2"]))
        #expect(flagged.detection.resolvedAddress(environment: ["PALISADE_DETECTION_ADDRESS": "d:1"], profile: profile) == "f:2")
    }

    @Test("certs issue --profile --detection-address writes the profile's detectionAddress")
    func profileDetectionAddress() throws {
        let directory = try TemporaryDirectory("cli-profile")
        let issue = try #require(
            parsed(Certs.Issue.self, ["operator/alice", "--dir", "/srv/certs", "--profile", "--detection-address", "10.0.0.7:7103"]))
        try issue.writeProfile(to: directory.file("profile.json"), certificate: "/srv/certs/a.pem", key: "/srv/certs/a.key")
        #expect(try ClientProfile.load(path: directory.file("profile.json"))?.detectionAddress == "10.0.0.7:7103")
        #expect(
            refusal(Certs.Issue.self, ["operator/alice", "--detection-address", "d:1"])
                == "--detection-address goes with --profile: it is the detection address the profile names")
    }
}
