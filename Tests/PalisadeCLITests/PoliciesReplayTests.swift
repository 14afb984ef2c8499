import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadePolicies
import PalisadeRPC
import PalisadeTestSupport
import Testing

@testable import PalisadeCLI

/// `palisade policies replay`: a draft policy over what a stub ingestion serves, nothing stored.
@Suite("policies replay against a stub ingestion")
struct PoliciesReplayTests {
    static let torPolicy = """
        name: Tor activity
        severity: medium
        title: "{actor.id} from Tor"
        match: { ipTags: tor }
        enabled: false
        """

    @Test("every matching activity of the history is a finding it would raise; the query asks oldest first since --since")
    func replays() async throws {
        let directory = try TemporaryDirectory("replay")
        let file = "\(directory.path)/tor.yaml"
        try Self.torPolicy.write(toFile: file, atomically: false, encoding: .utf8)
        let stub = StubIngestion(activities: sampleActivities(250).reversed())
        let port = try stub.start()
        let command = try PoliciesReplay.parse([file, "--since", "7d", "--show", "2", "--plaintext", "--address", "127.0.0.1:\(port)"])
        let rpc = try command.ingestion.makeClient(environment: isolatedEnvironment)
        let output = OutputBuffer()
        let now = Date(timeIntervalSince1970: 1_789_400_000)
        let outcome = try await command.execute(rpc: rpc, output: output, now: now)
        await stub.stop()
        // Every third sample is a Tor sign-in: 83 of 250, each its own finding (a file's
        // `enabled: false` does not stop a replay).
        #expect(outcome.activities == 250)
        #expect(outcome.matches.count == 83)
        #expect(outcome.matches.first?.title == "W3 from Tor")
        let sent = try #require(stub.received.queries.first)
        #expect(sent.order == .oldestFirst && sent.from == now.addingTimeInterval(-7 * 86_400) && sent.limit == 0)
        let lines = output.lines
        #expect(lines.count == 5, "two findings, the rest not shown, the summary, the days: \(lines)")
        #expect(lines[2] == "… 81 more not shown (--show)")
        #expect(
            lines[3].hasPrefix("“Tor activity” over 250 activities from ")
                && lines[3].hasSuffix("83 findings would be raised; nothing was stored"))
    }

    @Test("a policy that does not parse is refused with its location, before any call")
    func refusesBrokenFile() async throws {
        let directory = try TemporaryDirectory("replay")
        let file = "\(directory.path)/broken.yaml"
        try "name: Broken\nseverity: high\ntitle: x\nmatch: { acton: user_login }\n".write(toFile: file, atomically: false, encoding: .utf8)
        let stub = StubIngestion()
        let port = try stub.start()
        let command = try PoliciesReplay.parse([file, "--plaintext", "--address", "127.0.0.1:\(port)"])
        let rpc = try command.ingestion.makeClient(environment: isolatedEnvironment)
        var failure: CommandFailure?
        do { _ = try await command.execute(rpc: rpc, output: OutputBuffer()) } catch let error as CommandFailure { failure = error }
        await stub.stop()
        #expect(failure?.message.hasPrefix("\(file):4:") == true, "\(String(describing: failure))")
        #expect(stub.received.queries.isEmpty)
    }
}
