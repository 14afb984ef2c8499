import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `palisade-connector` executable for whole-process tests: launches it with a
/// config file, reads its start line for the bound port, and kills it (SIGKILL or SIGTERM) or
/// stops it with a signal and reports how it exited.
///
/// Each launch writes its standard error to its own file in the test's directory, so a
/// failure can show what the process said.
final class ConnectorProcessLauncher: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; each launcher is used by one test task only.
    let executable: String
    let directory: String
    private var running: Process?
    private var launches = 0
    /// The standard error file of the latest launch.
    private(set) var logFile = ""
    /// What the latest launch wrote to standard error (and output) so far.
    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    init(executable: String, directory: String) {
        self.executable = executable
        self.directory = directory
    }

    deinit { kill(signal: SIGKILL) }

    /// The executable built next to the test bundle (`swift build` puts products and the
    /// `.xctest` in the same directory), or nil when it was not built.
    static func locateExecutable(_ name: String = "palisade-connector") -> String? {
        var candidates: [String] = []
        let bundle = Bundle.main.bundlePath
        candidates.append((bundle as NSString).deletingLastPathComponent)
        candidates.append(bundle)
        if let executable = Bundle.main.executablePath {
            candidates.append((executable as NSString).deletingLastPathComponent)
        }
        for path in Bundle.allBundles.map(\.bundlePath) where path.hasSuffix(".xctest") {
            candidates.append((path as NSString).deletingLastPathComponent)
        }
        return candidates.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the executable to completion with `arguments`: its exit status and standard error.
    func runToExit(_ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = try start(arguments)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, log)
    }

    /// Launches the service with `config` and waits for its start line; returns the port it
    /// listens on.
    func launch(config: String, timeout: Duration = .seconds(30)) async throws -> Int {
        let process = try start(["--config", config])
        running = process
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains("msg=\"connector started\"") }),
               let port = Self.listenPort(in: line) {
                return port
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LaunchError(message: "palisade-connector did not start (running: \(process.isRunning)); stderr:\n\(log)")
    }

    /// How a launched service ended.
    struct Exit: Sendable, CustomStringConvertible {
        /// The exit status, or the signal number when a signal ended the process.
        let status: Int32
        /// Whether the process exited by itself (`.exit`) or was ended by a signal.
        let reason: Process.TerminationReason
        /// From sending the signal to the process being gone.
        let elapsed: Duration

        var description: String {
            "\(reason == .exit ? "exit status" : "killed by signal") \(status) after \(elapsed)"
        }
    }

    /// Sends `signal` (SIGTERM: a graceful stop) to the running service and waits up to
    /// `timeout` for it to exit by itself. Returns how it ended, or nil when it was still
    /// running at the deadline; it is then killed, so the test can go on and report that.
    func stop(signal: Int32 = SIGTERM, timeout: Duration) async throws -> Exit? {
        guard let process = running else { return nil }
        running = nil
        let started = ContinuousClock.now
        _ = Glibc.kill(process.processIdentifier, signal)
        // Polled rather than `waitUntilExit()`, which would block this task past the deadline.
        while process.isRunning && ContinuousClock.now - started < timeout {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return Exit(status: process.terminationStatus, reason: process.terminationReason, elapsed: ContinuousClock.now - started)
    }

    /// Whether the launched service is still running.
    var isRunning: Bool { running?.isRunning ?? false }

    /// Sends `signal` to the running service and waits for it to exit.
    func kill(signal: Int32) {
        guard let process = running else { return }
        running = nil
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    private func start(_ arguments: [String]) throws -> Process {
        launches += 1
        logFile = "\(directory)/connector-\(launches).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = log
        process.standardOutput = log
        // Only the variables the process needs: inherited PALISADE_CONNECTOR_* overrides would
        // change the configuration under test.
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PALISADE_CONNECTOR") }
        try process.run()
        try? log.close()
        return process
    }

    /// The port in `listen=127.0.0.1:PORT` of the start line.
    private static func listenPort(in line: Substring) -> Int? { port(of: "listen", in: line) }

    /// The port in `FIELD=HOST:PORT` of a logfmt line.
    static func port(of field: String, in line: Substring) -> Int? {
        guard let value = line.split(separator: " ").first(where: { $0.hasPrefix(field + "=") }),
              let colon = value.lastIndex(of: ":") else { return nil }
        return Int(value[value.index(after: colon)...])
    }

    /// The HTTP/1.1 metrics listener's port (`metrics=HOST:PORT` of the latest start line).
    var metricsPort: Int? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("msg=\"connector started\"") }) else { return nil }
        return Self.port(of: "metrics", in: line)
    }

    struct LaunchError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
