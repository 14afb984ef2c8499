import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade identity status`: whether a user's account exists and may sign in.
struct IdentityStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether a user's account exists and may sign in, as the identity provider says.",
        discussion: """
            Lines: state (active, disabled, deleted, not-found), name, address, provider id, \
            provider, when deleted (when the provider says), and "as of": when the provider last \
            confirmed the answer (the Entra service answers from its copy of the directory, kept \
            current with Graph's delta query). A user the provider does not have is an answer, \
            not an error. --json prints the UserStatus JSON (Protocol/identity.md).

            Examples:
              palisade identity status ana@acme.test
              palisade identity status --id 00u1a2b3c4 --json | jq .state
            """
    )

    @OptionGroup var identity: IdentityClientOptions
    @OptionGroup var user: IdentityUserOptions

    @Flag(name: .long, help: "Print the UserStatus JSON (Protocol/identity.md) instead of lines.")
    var json = false

    func run() async throws {
        try await CommandFailure.reporting(advice: { IdentityRetry.advice(for: $0, key: nil) }) {
            try await execute(rpc: try identity.makeClient(), output: StandardOutput())
        }
    }

    /// Asks for the user's status through `rpc` and prints it; `now` dates the answer's age.
    func execute(rpc: RPCClient, output: any CommandOutput, now: Date = Date()) async throws {
        let request = UserStatusRequest(email: user.email, providerID: user.id)
        let status = try await rpc.call(IdentityAPI.getUserStatus, request, options: identity.callOptions)
        if json {
            output.line(String(decoding: try WireJSONEncoder().encode(status), as: UTF8.self))
        } else {
            output.line(IdentityFormat.status(status, now: now))
        }
    }
}
