import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies update`: replaces a stored policy with a new version of its file.
struct UpdatePolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Replace the policy of the file's name with the file; its threshold windows and day counts start afresh.",
        discussion: """
            The file's `name` says which policy it replaces (NOT_FOUND when none has it: a policy is \
            not renamed by an update; create the new name and delete the old one). The new file's \
            `enabled` sets the state again, and a policy switched off by the daily limit is evaluated \
            again. The findings it raised stay. A file that is not a policy is refused with its place, \
            and the stored policy stays as it was.

            Example:
              palisade policies update my-policies/admin.yaml
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

    /// Replaces the policy through `rpc` and prints it as stored; a refusal is the RPC error.
    func execute(rpc: RPCClient, document: PolicyDocument, output: any CommandOutput) async throws {
        let stored = try await rpc.call(DetectionAPI.updatePolicy, document, options: detection.callOptions)
        output.line(PolicyFormat.stored(stored, verb: "updated"))
    }
}
