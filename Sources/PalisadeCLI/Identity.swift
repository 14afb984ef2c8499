import ArgumentParser

/// `palisade identity`: the operator's side of the identity services (`Protocol/identity.md`).
struct Identity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up users in the identity provider (Entra ID or Okta) and act on them: notify, require sign-in, suspend.",
        discussion: """
            These commands call the identity service (palisade-identity for Entra ID, \
            palisade-identity-okta for Okta; both answer alike) with an operator certificate, at \
            --address, else PALISADE_IDENTITY_ADDRESS, else the profile's identityAddress \
            (`palisade certs issue operator/NAME --profile --identity-address HOST:PORT`), else \
            127.0.0.1:7105. A user is named by e-mail address or user principal name, or by the \
            provider's id with --id.

            Each action is named by an idempotency key (--idempotency-key; a fresh one is made and printed \
            when none is given): the same command with the same key is the same action, done at \
            most once, so a call that timed out is run again with its key. An error says whether \
            it is final (do not retry) or retryable, with the provider's request id when there is one.

            Examples:
              palisade identity status ana@acme.test
              palisade identity actions
              palisade identity notify ana@acme.test --subject "Files shared" --text-file -
              palisade identity require-sign-in ana@acme.test --reason "alert 42"
              palisade identity suspend ana@acme.test -k alert-42/suspend
              palisade identity unsuspend ana@acme.test --reason "alert 42: false positive"
            """,
        subcommands: [
            IdentityStatus.self, ListIdentityActions.self, NotifyUser.self, RequireSignIn.self, SuspendUser.self, UnsuspendUser.self,
        ]
    )
}
