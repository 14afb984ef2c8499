import ArgumentParser
import PalisadeMessages
import PalisadeWire

/// `palisade identity unsuspend`: lets a suspended user sign in again.
struct UnsuspendUser: IdentityActionCommand {
    static let action = IdentityAction.unsuspendUser
    static let method = IdentityAPI.unsuspendUser

    static let configuration = CommandConfiguration(
        commandName: "unsuspend",
        abstract: "Let a user sign in again: reverts `palisade identity suspend`.",
        discussion: """
            A user who may already sign in is reported "already so": nothing changed. The \
            sessions revoked by a suspend or a require-sign-in stay revoked: the user signs in \
            afresh.

            \(IdentityHelp.keyParagraph)

            Example:
              palisade identity unsuspend ana@acme.test --reason "alert 42: false positive"
            """
    )

    @OptionGroup var identity: IdentityClientOptions
    @OptionGroup var options: IdentityActionOptions
}
