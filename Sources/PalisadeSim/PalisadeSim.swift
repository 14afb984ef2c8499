import ArgumentParser

/// `palisade-sim`: simulators of the outside world, as real HTTPS servers for tests, benchmarks
/// and the demo.
@main
struct PalisadeSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-sim",
        abstract: "Simulators of the APIs Palisade calls.",
        subcommands: [SlackCommand.self, SlackBenchCommand.self, EntraCommand.self, OktaCommand.self, SMTPCommand.self]
    )
}
