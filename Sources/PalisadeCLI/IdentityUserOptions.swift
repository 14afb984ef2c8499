import ArgumentParser

/// Which user an identity command is about: an address as the positional USER, or the
/// provider's own id with `--id` (`Protocol/identity.md`, "Which user").
struct IdentityUserOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The user's e-mail address or user principal name (or give --id instead).", valueName: "user"))
    var user: String?

    @Option(
        name: .customLong("id"),
        help: ArgumentHelp(
            "The provider's own id of the user (the Entra object id, the Okta user id) instead of USER.", valueName: "provider-id"))
    var providerID: String?

    func validate() throws {
        switch (user, providerID) {
        case (nil, nil):
            throw ValidationError("name the user: an e-mail address or user principal name, or --id PROVIDER_ID")
        case (.some, .some):
            // The service would take the id and ignore the address: refuse rather than act on
            // someone the operator may not have meant.
            throw ValidationError("give USER or --id, not both: the provider's id wins, so the address would be ignored")
        case (let user?, nil):
            guard Self.looksLikeAddress(user) else {
                throw ValidationError(
                    "'\(TerminalText.printable(String(user.prefix(80))))' is not an e-mail address or user principal name "
                        + "(name@domain); for the provider's id of the user use --id")
            }
        case (nil, let id?):
            guard !id.isEmpty, id.utf8.count <= 200, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw ValidationError("--id must be 1–200 printable ASCII characters without spaces")
            }
        }
    }

    /// The address to send, or `""`.
    var email: String { user ?? "" }
    /// The provider's id to send, or `""`.
    var id: String { providerID ?? "" }

    /// A rough check of `name@domain` before anything is sent, so a provider id given as USER
    /// is pointed to `--id` at once; the service checks the address fully.
    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
