import ArgumentParser
import Foundation
import PalisadeTestSupport
import Testing

@testable import PalisadeCLI

/// `palisade policies test`: a line per case, INVALID files located, a summary, and the outcome
/// that sets the exit status.
@Suite("policies test")
struct PoliciesTestCommandTests {
    static let passing = """
        name: Exports
        severity: medium
        title: "{actor.email} exported"
        match: { category: export }
        tests:
          - name: an export
            entry: {id: a, date_create: 1789372540, action: manual_export_started, actor: {type: user, user: {id: W1, email: ana@acme.test}}}
            findings: 1
          - name: a sign-out
            entry: {id: b, date_create: 1789372541, action: user_logout}
            findings: 0
        """

    @Test("a directory is read recursively: PASS, FAIL with its place, INVALID with file:line:column, and a summary")
    func directory() throws {
        let directory = try TemporaryDirectory("policies-test")
        _ = try directory.write("exports.yaml", Self.passing)
        try FileManager.default.createDirectory(atPath: directory.file("more"), withIntermediateDirectories: true)
        _ = try directory.write(
            "more/wrong.yml",
            Self.passing.replacingOccurrences(of: "Exports", with: "Wrong")
                .replacingOccurrences(of: "findings: 0", with: "findings: 2"))
        _ = try directory.write("more/broken.json", #"{"name": "x", "severity": "low", "title": "x", "match": {"actr": "x"}}"#)
        _ = try directory.write("notes.md", "not a policy")
        let command = try PoliciesTest.parse([directory.path])
        let output = OutputBuffer()
        let outcome = command.execute(output: output)
        #expect(outcome == PoliciesTest.Outcome(passed: 3, failed: 1, invalid: 1, policies: 2))
        #expect(!outcome.succeeded)
        let lines = output.lines
        #expect(lines.count == 6, "\(lines)")
        #expect(lines[0] == "PASS Exports: an export (1 finding, as expected: \"ana@acme.test exported\")")
        #expect(lines[1] == "PASS Exports: a sign-out (no findings, as expected)")
        #expect(lines[2].hasPrefix("INVALID \(directory.path)/more/broken.json:1:"), "\(lines[2])")
        #expect(lines[2].contains("match.actr: no field is named `actr`"), "\(lines[2])")
        #expect(lines[4] == "FAIL Wrong: a sign-out (\(directory.path)/more/wrong.yml:9: expected 2 findings, got 0)")
        #expect(lines[5] == "2 policies: 3 passed, 1 failed; 1 invalid")
    }

    @Test("a missing path is invalid; the shipped Slack pack passes")
    func pathsAndPack() throws {
        let output = OutputBuffer()
        let missing = try PoliciesTest.parse(["/nonexistent/policies"]).execute(output: output)
        #expect(missing.invalid == 1)
        #expect(output.lines.first == "INVALID /nonexistent/policies: no such file or directory")
        let pack = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policies/slack").path
        let packOutput = OutputBuffer()
        let outcome = try PoliciesTest.parse([pack]).execute(output: packOutput)
        #expect(outcome.succeeded && outcome.policies >= 30, "\(packOutput.contents)")
    }
}
