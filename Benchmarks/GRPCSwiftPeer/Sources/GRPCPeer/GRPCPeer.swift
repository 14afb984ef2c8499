import ArgumentParser
import Foundation

/// `grpc-peer`: a grpc-swift-2 comparison peer for Palisade's transport benchmarks.
///
/// `server` serves `palisade.bench.v1.Echo` with grpc-swift-2; `bench` and `check` drive any
/// server exposing that service (this peer's or Palisade's) with grpc-swift-2's client.
@main
struct GRPCPeer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc-peer",
        abstract: "grpc-swift-2 peer for the palisade.bench.v1.Echo benchmark service.",
        subcommands: [ServerCommand.self, BenchCommand.self, CheckCommand.self]
    )
}

/// Unbuffered line output, so that a parent process reading a pipe sees each line at once.
enum Output {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
