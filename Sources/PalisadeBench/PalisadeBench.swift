import ArgumentParser

/// `palisade-bench`: benchmark servers and clients (release builds; not part of the test suite).
@main
struct PalisadeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-bench",
        abstract: "Palisade benchmarks and the echo server they run against.",
        subcommands: [
            RPCBenchCommand.self, RPCServerCommand.self, EchoCallCommand.self, ConnectorBenchCommand.self, AbuseCommand.self,
            WireBenchCommand.self, IPRangesBenchCommand.self, DetectBenchCommand.self, IngestBenchCommand.self, QueryBenchCommand.self,
            SubscribeBenchCommand.self, DetectionServiceBenchCommand.self, IdentityBenchCommand.self,
        ]
    )
}
