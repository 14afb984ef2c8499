import ArgumentParser

/// `palisade policies`: custom activity policies (`policies/README.md`).
struct Policies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with custom activity policies: files that say which activities make a finding.",
        discussion: """
            A policy is a YAML or JSON file (policies/README.md); the Slack pack is in policies/slack/. \
            `test` runs the cases in policy files offline; `replay` runs a draft over the stored log \
            through ingestion, raising nothing; the other commands keep the policies \
            palisade-detection evaluates (Protocol/detection.md, "Custom policies"): they need an \
            operator certificate and reach detection at --address, else PALISADE_DETECTION_ADDRESS, \
            else the profile's detectionAddress, else 127.0.0.1:7103.

            Examples:
              palisade policies test policies/slack
              palisade policies replay drafts/admin.yaml --since 30d
              palisade policies create my-policies/admin.yaml
              palisade policies list
              palisade policies disable "Admin role granted outside the office"
            """,
        subcommands: [
            PoliciesTest.self, CreatePolicy.self, UpdatePolicy.self, EnablePolicy.self, DisablePolicy.self, ListPolicies.self,
            ShowPolicy.self, DeletePolicy.self, PoliciesReplay.self,
        ]
    )
}
