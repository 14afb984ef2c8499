import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies delete`: removes a policy; the findings it raised stay.
struct DeletePolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a policy and its state; the findings it raised stay.",
        discussion: """
            Asks for no confirmation; `palisade policies show NAME --source > FILE` keeps a copy. An \
            unknown name is NOT_FOUND (`palisade policies list` shows the names). To stop a policy for \
            a while, `palisade policies disable` keeps it.

            Example:
              palisade policies delete "Mass download"
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Argument(help: "The policy's name.")
    var name: String

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try detection.makeClient(), output: StandardOutput())
        }
    }

    /// Deletes the policy through `rpc`.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        _ = try await rpc.call(DetectionAPI.deletePolicy, PolicyRef(name: name), options: detection.callOptions)
        output.line(TerminalText.printable("deleted the policy \(name); the findings it raised stay"))
    }
}
