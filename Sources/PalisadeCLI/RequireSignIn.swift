import ArgumentParser
import PalisadeMessages
import PalisadeWire

/// `palisade identity require-sign-in`: revokes the user's sessions and refresh tokens.
struct RequireSignIn: IdentityActionCommand {
    static let action = IdentityAction.requireSignIn
    static let method = IdentityAPI.requireSignIn

    static let configuration = CommandConfiguration(
        commandName: "require-sign-in",
        abstract: "Make a user sign in again everywhere: their sessions and refresh tokens are revoked.",
        discussion: """
            The account stays usable: the user signs in again (with their second factor), which \
            ends a session someone else holds. Always "applied".

            \(IdentityHelp.keyParagraph)

            Example:
              palisade identity require-sign-in ana@acme.test --reason "alert 57"
            """
    )

    @OptionGroup var identity: IdentityClientOptions
    @OptionGroup var options: IdentityActionOptions
}
