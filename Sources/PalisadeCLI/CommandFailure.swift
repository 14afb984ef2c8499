import ArgumentParser
import Foundation
import PalisadeWire

/// A failure of a command that is not an RPC error (a token file that is unsafe, a browser
/// that never came back), reported as `error: <message>`.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do about it.
    let message: String

    /// Makes a failure with a message for the operator.
    init(_ message: String) { self.message = message }

    var description: String { message }

    /// Runs `body`, turning RPC errors into `error: <CODE>: <message>` and command failures into
    /// `error: <message>` on standard error, with exit code 1. ArgumentParser's own "Error: …"
    /// would work too, but scripts match on the status code name, so it is printed predictably.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            printError("error: \(error.code.name): \(error.message)")
            throw ExitCode.failure
        } catch let error as CommandFailure {
            printError("error: \(error.message)")
            throw ExitCode.failure
        }
    }

    /// Writes one line to standard error (status output never mixes with `--json` on stdout).
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
