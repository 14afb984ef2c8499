import ArgumentParser

/// `palisade policies`: custom activity policies (`policies/README.md`).
struct Policies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with custom activity policies: files that say which activities make a finding.",
        discussion: """
            A policy is a YAML or JSON file (policies/README.md); the Slack pack is in policies/slack/.

            Example:
              palisade policies test policies/slack
            """,
        subcommands: [PoliciesTest.self]
    )
}
