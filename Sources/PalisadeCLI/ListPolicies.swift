import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade policies list`: every stored policy, by name.
struct ListPolicies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the stored policies: their state, severity, what they report and their findings.",
        discussion: """
            Columns: NAME, STATE (enabled, disabled, over-daily-limit), SEVERITY, REPORTS (every match, \
            or threshold: N matches within a window), FINDINGS (raised so far), UPDATED (UTC). A line \
            under the table says why each policy over its daily limit was switched off. --json prints \
            the PolicyList JSON (Protocol/detection.md; sources are not listed: `palisade policies show`).

            Example:
              palisade policies list --json | jq -r '.policies[] | select(.state != 1) | .name'
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Flag(name: .long, help: "Print the PolicyList JSON (Protocol/detection.md) instead of a table.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting {
            try await execute(rpc: try detection.makeClient(), output: StandardOutput())
        }
    }

    /// Lists the policies through `rpc` and prints them.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let list = try await rpc.call(DetectionAPI.listPolicies, Empty(), options: detection.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(list), as: UTF8.self))
        } else if list.policies.isEmpty {
            output.line("no policies; store one with: palisade policies create FILE (the Slack pack is in policies/slack/)")
        } else {
            output.line(PolicyFormat.table(list.policies))
        }
    }
}
