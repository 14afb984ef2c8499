import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade policies show`: one policy with its source.
struct ShowPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one policy: its state (and why it is off), severity, actions, findings, dates and source.",
        discussion: """
            --json prints the PolicyInfo JSON (Protocol/detection.md); --source prints only the file \
            as stored, to edit it and send it back with `palisade policies update`.

            Examples:
              palisade policies show "Mass download"
              palisade policies show "Mass download" --source > mass-download.yaml
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Argument(help: "The policy's name (`palisade policies list` shows them).")
    var name: String

    @Flag(name: .long, help: "Print the PolicyInfo JSON (Protocol/detection.md).")
    var json = false

    @Flag(name: .long, help: "Print only the policy file as stored, unchanged.")
    var source = false

    func validate() throws {
        if json && source { throw ValidationError("--json and --source do not go together: choose one") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try detection.makeClient(), output: StandardOutput())
        }
    }

    /// Fetches the policy through `rpc` and prints it.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let policy = try await rpc.call(DetectionAPI.getPolicy, PolicyRef(name: name), options: detection.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(policy), as: UTF8.self))
        } else if source {
            output.write(policy.source)
        } else {
            output.line(PolicyFormat.details(policy))
        }
    }
}
