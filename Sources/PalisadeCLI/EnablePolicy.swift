import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies enable`: switches a policy on, also one the daily limit switched off.
struct EnablePolicy: PolicySwitchCommand {
    static let enabled = true

    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Switch a policy on; one switched off by the daily limit is evaluated again, with fresh counts.",
        discussion: """
            The stored file is not changed: the switch is kept beside it (`palisade policies update` \
            sets it again from the file's `enabled`). A policy over its daily limit matched more than \
            200,000 activities in a day: narrow its filter with `palisade policies update` rather than \
            only enabling it again.

            Example:
              palisade policies enable "Admin role granted outside the office"
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Argument(help: "The policy's name (`palisade policies list` shows them).")
    var name: String
}
