import ArgumentParser
import Foundation
import PalisadePolicies

/// `palisade policies test`: runs the test cases inside policy files, offline.
struct PoliciesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases in policy files: raw Slack entries and the findings they must raise.",
        discussion: """
            Reads every *.yaml, *.yml and *.json file under each directory (recursively) and each file \
            named, and runs the cases of its `tests:` (policies/README.md, "Tests in a policy file"): \
            the entries are normalised as ingestion would, and the policy alone must raise exactly \
            `findings` findings over them. Prints a line per case, PASS or FAIL with the policy's name \
            and the case's, a line per file that cannot be read (INVALID, with its file:line:column), \
            and a summary. Exit status 1 when a case fails or a file is invalid. Nothing is sent anywhere.

            Examples:
              palisade policies test policies/slack
              palisade policies test my-policies/admin.yaml my-policies/exports.yaml
            """
    )

    /// The files and directories named on the command line.
    @Argument(help: ArgumentHelp("Policy files, or directories to search for them.", valueName: "dir|file"))
    var paths: [String]

    /// The extensions of policy files found in a directory.
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// What a run found.
    struct Outcome: Equatable {
        /// Cases that passed.
        var passed = 0
        /// Cases that failed.
        var failed = 0
        /// Files that could not be read or parsed, and paths that do not exist.
        var invalid = 0
        /// Policies read.
        var policies = 0

        /// Whether the command succeeds: nothing failed and nothing was invalid.
        var succeeded: Bool { failed == 0 && invalid == 0 }
    }

    /// Runs the tests; exit status 1 when one fails or a file is invalid.
    func run() throws {
        guard execute(output: StandardOutput()).succeeded else { throw ExitCode.failure }
    }

    /// Runs the tests of every policy file under `paths`, printing to `output`.
    func execute(output: any CommandOutput) -> Outcome {
        var outcome = Outcome()
        var names: [String: String] = [:]
        let runner = PolicyTestRunner()
        for path in paths {
            let files: [String]
            do {
                files = try Self.policyFiles(path)
            } catch {
                outcome.invalid += 1
                output.line(TerminalText.printable("INVALID \(error.message)"))
                continue
            }
            for file in files {
                guard let policy = Self.read(file, output: output) else {
                    outcome.invalid += 1
                    continue
                }
                if let other = names[policy.name] {
                    outcome.invalid += 1
                    output.line(
                        TerminalText.printable("INVALID \(file): the policy name \"\(policy.name)\" is also \(other)'s; names are unique"))
                    continue
                }
                names[policy.name] = file
                outcome.policies += 1
                if policy.tests.isEmpty { output.line(TerminalText.printable("SKIP \(policy.name): no test cases (\(file))")) }
                for result in runner.run(policy) {
                    if result.passed { outcome.passed += 1 } else { outcome.failed += 1 }
                    output.line(TerminalText.printable(Self.line(result, file: file)))
                }
            }
        }
        output.line(Self.summary(outcome))
        return outcome
    }

    /// `PASS policy: case (detail)`; a failure also says where the case is, for an editor to jump to.
    static func line(_ result: PolicyTestResult, file: String) -> String {
        guard !result.passed else { return "PASS \(result.policy): \(result.name) (\(result.detail))" }
        let place = result.line > 0 ? "\(file):\(result.line)" : file
        return "FAIL \(result.policy): \(result.name) (\(place): \(result.detail))"
    }

    /// `3 policies: 10 cases passed, 1 failed; 1 file invalid`.
    static func summary(_ outcome: Outcome) -> String {
        var line =
            "\(outcome.policies) \(outcome.policies == 1 ? "policy" : "policies"): \(outcome.passed) passed, \(outcome.failed) failed"
        if outcome.invalid > 0 { line += "; \(outcome.invalid) invalid" }
        return line
    }

    /// The policy in `file`, or nil after printing why it cannot be read.
    static func read(_ file: String, output: any CommandOutput) -> ActivityPolicy? {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            output.line(TerminalText.printable("INVALID \(file): cannot read it as UTF-8 text (\(error.localizedDescription))"))
            return nil
        }
        do throws(PolicyError) {
            return try ActivityPolicy.parse(text, file: file)
        } catch {
            output.line(TerminalText.printable("INVALID \(error)"))
            return nil
        }
    }

    /// `path` when it is a file; the policy files under it, sorted, when it is a directory.
    static func policyFiles(_ path: String) throws(CommandFailure) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw CommandFailure("\(path): cannot list the directory") }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let ext = (relative as NSString).pathExtension.lowercased()
            if extensions.contains(ext) { files.append("\(base)/\(relative)") }
        }
        guard !files.isEmpty else { throw CommandFailure("\(path): no policy files (*.yaml, *.yml, *.json) in it") }
        return files.sorted()
    }
}
