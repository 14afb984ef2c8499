import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies create`: stores a new custom policy in detection.
struct CreatePolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Store a new policy from its file; detection evaluates it on the activities that follow.",
        discussion: """
            The file is a policy as policies/README.md specifies (YAML or JSON, at most 256 KiB); its \
            `name` names the policy. A file that is not a policy is refused with its place \
            (file:line:column, the entry, what would be right); a name in use is ALREADY_EXISTS: \
            change that policy with `palisade policies update`. The file's tests are not run: \
            `palisade policies test FILE` runs them first.

            Example:
              palisade policies test my-policies/admin.yaml && palisade policies create my-policies/admin.yaml
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Argument(help: ArgumentHelp("The policy file.", valueName: "file"))
    var file: String

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try detection.makeClient(), document: try PolicyDocumentFile.read(file), output: StandardOutput())
        }
    }

    /// Stores `document` through `rpc` and prints the policy as stored. A refusal is the RPC
    /// error, printed by `CommandFailure.reporting` as `error: INVALID_ARGUMENT: admin.yaml:3:5: …`.
    func execute(rpc: RPCClient, document: PolicyDocument, output: any CommandOutput) async throws {
        let stored = try await rpc.call(DetectionAPI.createPolicy, document, options: detection.callOptions)
        output.line(PolicyFormat.stored(stored, verb: "created"))
    }
}
