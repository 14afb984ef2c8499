import ArgumentParser
import PalisadeMessages
import PalisadeWire

/// `palisade identity suspend`: blocks the user's sign-in at the identity provider.
struct SuspendUser: IdentityActionCommand {
    static let action = IdentityAction.suspendUser
    static let method = IdentityAPI.suspendUser

    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Block a user's sign-in at the identity provider (Entra accountEnabled false, Okta SUSPENDED).",
        discussion: """
            A user already suspended (or disabled) is reported "already so": nothing changed. \
            `palisade identity unsuspend` reverts it. A deleted or deprovisioned user cannot be \
            suspended (FAILED_PRECONDITION).

            \(IdentityHelp.keyParagraph)

            Examples:
              palisade identity suspend ana@acme.test --reason "alert 42: download from Tor"
              palisade identity suspend --id 00u1a2b3c4 -k alert-42/suspend --json
            """
    )

    @OptionGroup var identity: IdentityClientOptions
    @OptionGroup var options: IdentityActionOptions
}
