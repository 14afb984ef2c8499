import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade identity actions`: which provider the identity service speaks for and what it does.
struct ListIdentityActions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Show the identity service's provider, tenant, the actions it takes and how it sends notices.",
        discussion: """
            Lines: provider (entra or okta), tenant (the directory or organisation acted in), \
            actions (notify, require-sign-in, suspend, unsuspend), notices (how notify sends mail). \
            --json prints the IdentityCapabilities JSON (Protocol/identity.md).

            Example:
              palisade identity actions
            """
    )

    @OptionGroup var identity: IdentityClientOptions

    @Flag(name: .long, help: "Print the IdentityCapabilities JSON (Protocol/identity.md) instead of lines.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting(advice: { IdentityRetry.advice(for: $0, key: nil) }) {
            try await execute(rpc: try identity.makeClient(), output: StandardOutput())
        }
    }

    /// Asks for the capabilities through `rpc` and prints them.
    func execute(rpc: RPCClient, output: any CommandOutput) async throws {
        let capabilities = try await rpc.call(IdentityAPI.listActions, Empty(), options: identity.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(capabilities), as: UTF8.self))
        } else {
            output.line(IdentityFormat.capabilities(capabilities))
        }
    }
}
