import ArgumentParser
import PalisadeMessages
import PalisadeWire

/// `palisade identity notify`: mails the user a notice about something they did.
struct NotifyUser: IdentityActionCommand {
    static let action = IdentityAction.notifyUser
    static let method = IdentityAPI.notifyUser

    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Mail a user a notice: a subject, plain text and an optional https link (the alert).",
        discussion: """
            The identity service sends it (Entra: Graph sendMail from its mailbox; Okta: its SMTP \
            relay; `palisade identity actions` says which). The text comes from --text, or from \
            --text-file FILE (- reads standard input): plain UTF-8, at most 64 KiB. The link is \
            appended on its own line. --reason goes to the action log, never to the user. Always \
            "applied"; a notice repeated with its key is not sent again.

            \(IdentityHelp.keyParagraph)

            Examples:
              palisade identity notify ana@acme.test --subject "Files shared" \\
                  --text-file notice.txt --link https://palisade.acme.test/a/42
              echo "Call the service desk." | palisade identity notify \\
                  ana@acme.test --subject "Sign-in from Tor" --text-file -
            """
    )

    @OptionGroup var identity: IdentityClientOptions
    @OptionGroup var options: IdentityActionOptions

    @Option(name: .long, help: ArgumentHelp("The mail's subject, one line of at most 255 characters.", valueName: "subject"))
    var subject: String?

    @Option(name: .long, help: ArgumentHelp("The notice's text (plain text, at most 64 KiB).", valueName: "text"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("A file holding the notice's text; - reads standard input.", valueName: "file"))
    var textFile: String?

    @Option(name: .long, help: ArgumentHelp("An https:// link appended to the text (the alert).", valueName: "url"))
    var link: String = ""

    func validate() throws {
        guard let subject else { throw ValidationError("a notice needs --subject: the mail's subject, one line") }
        if let problem = NoticeText.subjectProblem(subject) { throw ValidationError(problem) }
        switch (text, textFile) {
        case (.some, .some): throw ValidationError("--text and --text-file do not go together: choose one")
        case (nil, nil): throw ValidationError("a notice needs its text: --text TEXT, or --text-file FILE (- for standard input)")
        case (let text?, nil): if let problem = NoticeText.textProblem(text, origin: "--text") { throw ValidationError(problem) }
        case (nil, .some): break  // read when the command runs
        }
        if let problem = NoticeText.linkProblem(link) { throw ValidationError(problem) }
    }

    /// The notice, its text read from `--text-file` (or standard input) when given.
    func notice() throws -> UserNotice? {
        let body = try textFile.map(NoticeText.read) ?? text ?? ""
        return UserNotice(subject: subject ?? "", text: body, link: link)
    }
}
