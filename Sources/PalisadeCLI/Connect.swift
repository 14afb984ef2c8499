import ArgumentParser

/// `palisade connect`: connects an outside source to Palisade. Only Slack exists today; the
/// source is a subcommand so others (and their options) can be added beside it.
struct Connect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Connect a Slack Enterprise organization to Palisade.",
        subcommands: [ConnectSlack.self]
    )
}
