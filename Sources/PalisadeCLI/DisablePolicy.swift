import ArgumentParser
import PalisadeMessages
import PalisadeRPC

/// `palisade policies disable`: switches a policy off, keeping it and its findings.
struct DisablePolicy: PolicySwitchCommand {
    static let enabled = false

    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Switch a policy off: detection stops evaluating it; it and its findings are kept.",
        discussion: """
            `palisade policies enable NAME` switches it on again; `palisade policies update` sets the \
            switch from the file's `enabled` again.

            Example:
              palisade policies disable "Admin role granted outside the office"
            """
    )

    @OptionGroup var detection: DetectionClientOptions

    @Argument(help: "The policy's name (`palisade policies list` shows them).")
    var name: String
}
