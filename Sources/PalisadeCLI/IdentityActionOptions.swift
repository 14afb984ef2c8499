import ArgumentParser
import Foundation
import PalisadeMessages

/// What the four action commands (`notify`, `require-sign-in`, `suspend`, `unsuspend`) share:
/// the user, the idempotency key, the reason for the action log, and `--json`.
struct IdentityActionOptions: ParsableArguments {
    /// The longest idempotency key (`Protocol/identity.md`, `UserActionRequest`).
    static let maxKeyBytes = 200

    @OptionGroup var user: IdentityUserOptions

    // Not `--key`: every command's --key is the operator certificate's private key.
    @Option(
        name: [.customLong("idempotency-key"), .customShort("k")],
        help: ArgumentHelp(
            "The idempotency key naming this action (default: a fresh one, printed first). Run a command again with the key it printed to repeat that same action after a timeout: the service does it at most once per key.",
            valueName: "key"))
    var key: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Why, for the service's action log (an alert, a ticket); never sent to the user.", valueName: "text"))
    var reason: String = ""

    @Flag(name: .long, help: "Print the UserActionResult JSON (Protocol/identity.md) instead of lines.")
    var json = false

    func validate() throws {
        if let key, !Self.isValidKey(key) {
            throw ValidationError(
                "--idempotency-key must be 1–\(Self.maxKeyBytes) printable ASCII characters without spaces, e.g. alert-42/suspend")
        }
    }

    /// 1–200 bytes of printable ASCII (0x21–0x7E), as the service requires.
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= maxKeyBytes && key.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// A key no earlier call used: `cli/<action>/<random UUID>`, so the action log shows where
    /// an action came from and which it was.
    static func freshKey(for action: IdentityAction) -> String {
        "cli/\(action.name)/\(UUID().uuidString.lowercased())"
    }

    /// The line printed (on standard error, before the call) when the key was generated: after
    /// a timeout nobody knows whether the action happened, and only this key repeats it safely.
    static func keyNote(_ key: String) -> String {
        "idempotency key \(key): if this call times out or fails and may be retried, run the same command with --idempotency-key \(key), "
            + "so the service does this action at most once"
    }

    /// The request for `key`, with `notice` for `NotifyUser`.
    func request(key: String, notice: UserNotice?) -> UserActionRequest {
        UserActionRequest(idempotencyKey: key, email: user.email, providerID: user.id, reason: reason, notice: notice)
    }
}
