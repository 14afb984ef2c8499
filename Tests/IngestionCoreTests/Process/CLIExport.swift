import Foundation
import PalisadeService

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `palisade` binary as an operator would and reads its standard output line by
/// line as it comes (here `palisade activities query --format jsonl`, the export of the whole
/// activity log): the lines are handled on a thread of their own while the CLI still writes, so
/// the two share the machine's cores instead of taking turns.
enum CLIExport {
    /// How a run ended: its exit status (or the signal), what it wrote to standard error, and
    /// how many lines it printed.
    struct Run: Sendable {
        let status: Int32
        let errors: String
        let lines: Int
    }

    /// Runs `palisade` with `arguments`, handing each line of its standard output to `handle`
    /// with `state` (on a thread outside Swift's cooperative pool, which blocking reads would
    /// starve). Killed when `timeout` passes or `handle` throws; then the error is rethrown.
    static func run<State: Sendable>(
        _ arguments: [String], directory: String, timeout: Duration, state initial: State,
        handle: @escaping @Sendable (inout State, Data) throws -> Void
    ) async throws -> (run: Run, state: State) {
        let errorsFile = directory + "/palisade-cli.stderr"
        _ = FileManager.default.createFile(atPath: errorsFile, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsFile))
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try IngestionProcessFixture.locate("palisade"))
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        // No variable or profile of the person running the tests may change what is asked.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PALISADE_") }
        environment["PALISADE_PROFILE"] = directory + "/no-profile.json"
        process.environment = environment
        try process.run()
        try? errors.close()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            _ = kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        let reader = output.fileHandleForReading
        let (state, lines): (State, Int) = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    var state = initial
                    let lines = try readLines(reader) { try handle(&state, $0) }
                    continuation.resume(returning: (state, lines))
                } catch {
                    // The CLI must not block on a pipe nobody reads any more.
                    _ = kill(pid, SIGKILL)
                    continuation.resume(throwing: error)
                }
            }
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let text = (try? String(contentsOfFile: errorsFile, encoding: .utf8)) ?? ""
        return (Run(status: process.terminationStatus, errors: text, lines: lines), state)
    }

    /// The arguments reaching ingestion at `port` over mutual TLS with `files`.
    static func connection(port: Int, files: TLSFiles) -> [String] {
        ["--address", "127.0.0.1:\(port)", "--ca", files.ca, "--cert", files.certificate, "--key", files.key, "--server-name", "localhost"]
    }

    /// Reads `reader` to its end, a few hundred KiB at a time, handing each line (without its
    /// newline) to `line`; the number of lines.
    private static func readLines(_ reader: FileHandle, _ line: (Data) throws -> Void) throws -> Int {
        var pending = Data()
        var count = 0
        while true {
            let chunk = reader.availableData
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try line(pending[start..<newline])
                count += 1
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
            if chunk.isEmpty { break }
        }
        if !pending.isEmpty {
            try line(pending)
            count += 1
        }
        return count
    }
}
