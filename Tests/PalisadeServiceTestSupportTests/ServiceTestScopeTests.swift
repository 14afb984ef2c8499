import Foundation
import PalisadeServiceTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `ServiceTestScope.with`: the body's files live in one directory, and whatever the body does,
/// its processes are killed, then its cleanups run (last first), then the directory goes.
@Suite("ServiceTestScope")
struct ServiceTestScopeTests {
    private struct Planned: Error {}

    /// What a scope left behind, seen from its cleanups and after it ended.
    private final class Recorder: Sendable {
        let observed = Mutex(Observed())
    }

    private struct Observed: Sendable {
        var directory = ""
        var pid: Int32 = 0
        /// Each cleanup's name, and whether at that moment the process was gone and the
        /// directory still there.
        var cleanups: [(name: String, processGone: Bool, directoryThere: Bool)] = []
    }

    /// Launches the fake service (left running), registers cleanups `first` and `second`,
    /// then returns or throws as `throwing` says.
    private func runScope(throwing: Bool, into recorder: Recorder) async throws {
        try await ServiceTestScope.with(prefix: "scope-test") { scope in
            let fake = scope.process(executable: try FakeService.write(in: scope), name: "fake", environmentPrefix: "PALISADE_FAKE")
            _ = try await fake.launch(config: scope.file("fake.yaml"))
            let pid = Int32(FakeService.field("pid", in: fake.startLine) ?? "") ?? 0
            recorder.observed.withLock {
                $0.directory = scope.directory; $0.pid = pid
            }
            for name in ["first", "second"] {
                scope.addCleanup {
                    let gone = Self.processGone(pid)
                    let there = FileManager.default.fileExists(atPath: scope.directory)
                    recorder.observed.withLock { $0.cleanups.append((name, gone, there)) }
                }
            }
            if throwing { throw Planned() }
        }
    }

    @Test("after the body returns: process killed, cleanups last-first with the directory still there, directory removed")
    func returns() async throws {
        let recorder = Recorder()
        try await runScope(throwing: false, into: recorder)
        check(recorder.observed.withLock { $0 })
    }

    @Test("after the body throws: the same teardown, and the error comes out")
    func throwsError() async throws {
        let recorder = Recorder()
        var rethrown = false
        do {
            try await runScope(throwing: true, into: recorder)
        } catch is Planned {
            rethrown = true
        }
        #expect(rethrown)
        check(recorder.observed.withLock { $0 })
    }

    @Test("the body's value is returned; the directory is a fresh one named after the prefix")
    func value() async throws {
        let (directory, existed) = try await ServiceTestScope.with(prefix: "scope-value") { scope in
            (scope.directory, FileManager.default.fileExists(atPath: scope.directory))
        }
        #expect(existed)
        #expect((directory as NSString).lastPathComponent.hasPrefix("palisade-scope-value-"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    private func check(_ observed: Observed) {
        #expect(observed.pid > 0, "no pid in the fake service's start line")
        #expect(observed.cleanups.map(\.name) == ["second", "first"])
        let processGone = observed.cleanups.allSatisfy(\.processGone)
        let directoryThere = observed.cleanups.allSatisfy(\.directoryThere)
        #expect(processGone, "a cleanup ran while the process lived")
        #expect(directoryThere, "a cleanup ran after the directory was removed")
        #expect(Self.processGone(observed.pid))
        #expect(!observed.directory.isEmpty && !FileManager.default.fileExists(atPath: observed.directory))
    }

    /// Whether no process has this pid (signal 0 only checks; ESRCH: none).
    private static func processGone(_ pid: Int32) -> Bool {
        Glibc.kill(pid, 0) == -1 && errno == ESRCH
    }
}
