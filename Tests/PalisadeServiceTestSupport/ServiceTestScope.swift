import Foundation
import PalisadeTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One process test's world: a fresh temporary directory for every file the test writes, the
/// service processes it launches, and the servers it runs in this process, all torn down when
/// the test ends, whether it passed, failed or threw.
///
/// ```swift
/// try await ServiceTestScope.with(prefix: "connector-process") { scope in
///     let receiver = try IngestReceiver()
///     scope.addCleanup { await receiver.shutdown() }
///     let connector = scope.process(executable: path, name: "connector", environmentPrefix: "PALISADE_CONNECTOR")
///     let port = try await connector.launch(config: scope.file("connector.yaml"))
///     …
/// }
/// ```
///
/// Teardown order: processes first (SIGKILL to any still running: they write into the
/// directory and call the servers), then the cleanups, last registered first (like `defer`),
/// then the directory is removed.
public final class ServiceTestScope: Sendable {
    /// The test's temporary directory, `…/palisade-<prefix>-<uuid>`.
    public let directory: String

    private struct State {
        var processes: [ServiceProcess] = []
        var cleanups: [@Sendable () async -> Void] = []
    }
    private let state = Mutex(State())

    private init(directory: String) {
        self.directory = directory
    }

    /// Runs `body` with a new scope and always tears the scope down afterwards; returns what
    /// `body` returned, or rethrows what it threw after the teardown.
    ///
    /// - Parameter prefix: names the directory, so one left behind (a crashed test run) says
    ///   which kind of test made it.
    public static func with<Value>(prefix: String, _ body: (ServiceTestScope) async throws -> Value) async throws -> Value {
        let temporary = try TemporaryDirectory(prefix)
        let scope = ServiceTestScope(directory: temporary.path)
        let outcome: Result<Value, any Error>
        do {
            outcome = .success(try await body(scope))
        } catch {
            outcome = .failure(error)
        }
        await scope.tearDown()
        // Removes the directory; only now, after everything that wrote into it has stopped.
        _ = consume temporary
        return try outcome.get()
    }

    /// `directory/name`.
    public func file(_ name: String) -> String { "\(directory)/\(name)" }

    /// Writes `text` to `name` in the directory (a config file, a secret) and returns its path.
    public func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// A launcher for a service executable whose logs go into ``directory``; killed at the end
    /// of the scope if it still runs. See ``ServiceProcess/init(executable:directory:name:environmentPrefix:environment:)``.
    public func process(
        executable: String, name: String, environmentPrefix: String,
        environment: [String: String] = [:]
    ) -> ServiceProcess {
        let process = ServiceProcess(
            executable: executable, directory: directory, name: name,
            environmentPrefix: environmentPrefix, environment: environment)
        state.withLock { $0.processes.append(process) }
        return process
    }

    /// Registers `cleanup` (shutting down a server, closing a client) to run at the end of the
    /// scope, after the processes are gone and before the directory is removed.
    public func addCleanup(_ cleanup: @escaping @Sendable () async -> Void) {
        state.withLock { $0.cleanups.append(cleanup) }
    }

    private func tearDown() async {
        let (processes, cleanups) = state.withLock { state in
            defer { state = State() }
            return (state.processes, state.cleanups)
        }
        for process in processes { process.kill(signal: SIGKILL) }
        for cleanup in cleanups.reversed() { await cleanup() }
    }
}
