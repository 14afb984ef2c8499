import ArgumentParser
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade identity notify`, `require-sign-in`, `suspend` and `unsuspend`: one call each, the
/// same request and result, so they differ only in their method and (for `notify`) the notice.
protocol IdentityActionCommand: AsyncParsableCommand {
    /// The action the command takes.
    static var action: IdentityAction { get }
    /// Its method.
    static var method: RPCMethod<UserActionRequest, UserActionResult> { get }
    /// Where the identity service is.
    var identity: IdentityClientOptions { get }
    /// The user, key, reason and `--json`.
    var options: IdentityActionOptions { get }
    /// The notice to send (`notify` reads its text here, from a file or standard input); nil
    /// for the other actions.
    func notice() throws -> UserNotice?
}

extension IdentityActionCommand {
    /// No notice: only `notify` sends one.
    func notice() throws -> UserNotice? { nil }

    /// Reads the notice, prints a generated key, takes the action and prints the answer; an
    /// error is printed with whether to run the command again.
    func run() async throws {
        let key = options.key ?? IdentityActionOptions.freshKey(for: Self.action)
        try await CommandFailure.reporting(advice: { IdentityRetry.advice(for: $0, key: key) }) {
            let notice = try notice()
            // Printed before the call, on standard error: a call cut off by a timeout or ^C
            // leaves the operator the key that repeats it, and --json output stays one object.
            if options.key == nil { CommandFailure.printError(IdentityActionOptions.keyNote(key)) }
            try await execute(rpc: try identity.makeClient(), key: key, notice: notice, output: StandardOutput())
        }
    }

    /// Takes the action through `rpc` under `key` and prints what happened.
    func execute(rpc: RPCClient, key: String, notice: UserNotice?, output: any CommandOutput) async throws {
        let result = try await rpc.call(Self.method, options.request(key: key, notice: notice), options: identity.callOptions)
        if options.json {
            output.line(String(decoding: try WireJSONEncoder().encode(result), as: UTF8.self))
        } else {
            output.line(IdentityFormat.result(result, key: key))
        }
    }
}
