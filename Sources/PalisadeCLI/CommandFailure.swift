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

    /// Runs `body`, turning RPC errors into `error: <CODE>: <message>` (then the error's details,
    /// one per line, and `advice`'s line when it has one) and command failures into
    /// `error: <message>` on standard error, with exit code 1. ArgumentParser's own "Error: …"
    /// would work too, but scripts match on the status code name, so it is printed predictably.
    ///
    /// - Parameter advice: what the operator should do about an RPC error (whether running the
    ///   command again can help), for commands whose service says which failures are final.
    static func reporting<T>(advice: (RPCError) -> String? = { _ in nil }, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            for line in lines(for: error, advice: advice(error)) { printError(line) }
            throw ExitCode.failure
        } catch let error as CommandFailure {
            printError("error: \(error.message)")
            throw ExitCode.failure
        }
    }

    /// What `reporting` prints for `error`: the status and message, then each detail as
    /// `  name: value` sorted by name (the provider's request id a support case needs, how long
    /// to wait), then `advice`. Details come from the server, so they are made safe for a terminal.
    static func lines(for error: RPCError, advice: String?) -> [String] {
        var lines = ["error: \(error.code.name): \(error.message)"]
        lines += error.details.sorted { $0.key < $1.key }.map { "  \(TerminalText.printable($0.key)): \(TerminalText.printable($0.value))" }
        if let advice { lines.append(advice) }
        return lines
    }

    /// Writes one line to standard error (status output never mixes with `--json` on stdout).
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
