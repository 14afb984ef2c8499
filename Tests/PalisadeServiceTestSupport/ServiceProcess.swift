import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a real service executable (`palisade-connector`, `palisade-ingestion`, …) for
/// whole-process tests: launches it with a config file, reads its start line for the bound
/// ports, and kills it (SIGKILL or SIGTERM) or stops it with a signal and reports how it exited.
///
/// Every service logs a logfmt start line `msg="<name> started" listen=HOST:PORT …` once it
/// serves, which is how a test learns the ports of a config that asked for port 0. Each launch
/// writes its standard error and output to its own file, `<name>-<N>.log` in `directory`, so a
/// failure can show what the process said. A process still running when the value goes away is
/// killed.
///
/// ```swift
/// let connector = ServiceProcess(executable: path, directory: scope.directory, name: "connector",
///                                environmentPrefix: "PALISADE_CONNECTOR")
/// let port = try await connector.launch(config: configFile)
/// let exit = try await connector.stop(timeout: .seconds(10))
/// ```
public final class ServiceProcess: Sendable {
    /// The executable's path.
    public let executable: String
    /// Where the log files go.
    public let directory: String
    /// The service's name, as in its start line (`connector`).
    public let name: String
    /// Inherited environment variables with this prefix are not passed on.
    public let environmentPrefix: String
    /// Variables added to (or replacing) the inherited environment.
    public let environment: [String: String]

    private struct State {
        var running: Process?
        var launches = 0
        var logFile = ""
    }
    // Process is not Sendable: it is only touched under this lock or after being taken out of it.
    private let state = Mutex(State())

    /// Makes a launcher; nothing runs until ``launch(config:timeout:)`` or ``runToExit(_:)``.
    ///
    /// - Parameters:
    ///   - environmentPrefix: e.g. `PALISADE_CONNECTOR`: the service reads overrides of its
    ///     config from such variables, and one inherited from the shell running the tests would
    ///     change the configuration under test.
    ///   - environment: variables the process gets on top, prefixed ones included (a test of
    ///     the overrides sets them here).
    public init(
        executable: String, directory: String, name: String, environmentPrefix: String,
        environment: [String: String] = [:]
    ) {
        self.executable = executable
        self.directory = directory
        self.name = name
        self.environmentPrefix = environmentPrefix
        self.environment = environment
    }

    deinit { kill(signal: SIGKILL) }

    /// The product `productName` built next to the test bundle (`swift build` puts products and
    /// the `.xctest` in the same directory), or nil when it was not built.
    public static func locate(_ productName: String) -> String? {
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
        return candidates.map { $0 + "/" + productName }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The standard error (and output) file of the latest launch.
    public var logFile: String { state.withLock { $0.logFile } }
    /// What the latest launch wrote to standard error (and output) so far.
    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
    /// The latest `msg="<name> started"` line of the latest launch's log.
    public var startLine: Substring? {
        log.split(separator: "\n").last { $0.contains("msg=\"\(name) started\"") }
    }
    /// Whether the launched service is still running.
    public var isRunning: Bool { state.withLock { $0.running?.isRunning ?? false } }

    /// Runs the executable to completion with `arguments`: its exit status and what it wrote
    /// to standard error (and output).
    public func runToExit(_ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = try start(arguments)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, log)
    }

    /// Launches the service with `--config config` and waits up to `timeout` for its start
    /// line; returns the port it listens on (`listen=`). Fails with the log when the process
    /// exits first or the deadline passes.
    public func launch(config: String, timeout: Duration = .seconds(30)) async throws -> Int {
        let process = try start(["--config", config])
        state.withLock { $0.running = process }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = port(of: "listen") { return port }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LaunchError(description: "\(executable) did not start (running: \(process.isRunning)); stderr:\n\(log)")
    }

    /// The port in `field=HOST:PORT` of the latest start line, e.g. `metrics`.
    public func port(of field: String) -> Int? {
        startLine.flatMap { Self.port(of: field, in: $0) }
    }

    /// The port in `FIELD=HOST:PORT` of a logfmt line.
    public static func port(of field: String, in line: Substring) -> Int? {
        guard let value = line.split(separator: " ").first(where: { $0.hasPrefix(field + "=") }),
            let colon = value.lastIndex(of: ":")
        else { return nil }
        return Int(value[value.index(after: colon)...])
    }

    /// Sends `signal` (SIGTERM: a graceful stop) to the running service and waits up to
    /// `timeout` for it to exit by itself. Returns how it ended, or nil when it was not running
    /// or still ran at the deadline; it is then killed, so the test can go on and report that.
    public func stop(signal: Int32 = SIGTERM, timeout: Duration) async throws -> Exit? {
        guard let process = takeRunning() else { return nil }
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

    /// Sends `signal` to the running service, if any, and waits for it to exit.
    public func kill(signal: Int32) {
        guard let process = takeRunning(), process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    /// Inherited variables without `environmentPrefix`, then `extra`.
    static func environment(inheriting inherited: [String: String], prefix: String, extra: [String: String]) -> [String: String] {
        inherited.filter { !$0.key.hasPrefix(prefix) }.merging(extra) { _, added in added }
    }

    private func takeRunning() -> Process? {
        state.withLock { state in
            defer { state.running = nil }
            return state.running
        }
    }

    private func start(_ arguments: [String]) throws -> Process {
        let logFile = state.withLock { state in
            state.launches += 1
            state.logFile = "\(directory)/\(name)-\(state.launches).log"
            return state.logFile
        }
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = log
        process.standardOutput = log
        process.environment = Self.environment(
            inheriting: ProcessInfo.processInfo.environment, prefix: environmentPrefix,
            extra: environment)
        try process.run()
        try? log.close()
        return process
    }
}
