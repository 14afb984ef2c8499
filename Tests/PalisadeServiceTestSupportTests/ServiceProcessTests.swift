import Foundation
import Testing

@testable import PalisadeServiceTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `ServiceProcess` on a stand-in service (``FakeService``): the ports of its start line, its
/// environment, how it stops, and what a process that never starts gives.
@Suite("ServiceProcess")
struct ServiceProcessTests {
    @Test("launch reads the listen port; port(of:) the others; extra environment reaches the process")
    func launchReadsTheStartLine() async throws {
        try await ServiceTestScope.with(prefix: "service-process") { scope in
            let fake = scope.process(
                executable: try FakeService.write(in: scope), name: "fake", environmentPrefix: "PALISADE_FAKE",
                environment: ["FAKE_EXTRA": "yes", "PALISADE_FAKE_OVERRIDE": "chosen"])
            let port = try await fake.launch(config: scope.file("fake.yaml"))
            #expect(port == FakeService.listenPort)
            #expect(fake.port(of: "metrics") == FakeService.metricsPort)
            #expect(fake.port(of: "absent") == nil)
            #expect(fake.isRunning)
            #expect(fake.logFile == scope.file("fake-1.log"))
            let line = fake.startLine
            #expect(FakeService.field("config", in: line) == scope.file("fake.yaml"))
            #expect(FakeService.field("extra", in: line) == "yes")
            // A prefixed variable the test passes itself is kept: only inherited ones go.
            #expect(FakeService.field("override", in: line) == "chosen")
        }
    }

    @Test("inherited variables with the prefix are dropped, the rest kept; extra ones win")
    func environment() {
        let inherited = ["HOME": "/root", "PALISADE_FAKE_LISTEN": "0.0.0.0:1", "PALISADE_OTHER": "kept", "PATH": "/bin"]
        let environment = ServiceProcess.environment(inheriting: inherited, prefix: "PALISADE_FAKE", extra: ["PATH": "/usr/bin"])
        #expect(environment == ["HOME": "/root", "PALISADE_OTHER": "kept", "PATH": "/usr/bin"])
    }

    @Test("stop with SIGTERM reports the exit status; with SIGKILL the signal; a second launch logs to its own file")
    func stop() async throws {
        try await ServiceTestScope.with(prefix: "service-process") { scope in
            let fake = scope.process(executable: try FakeService.write(in: scope), name: "fake", environmentPrefix: "PALISADE_FAKE")
            _ = try await fake.launch(config: "first.yaml")
            let graceful = try await fake.stop(signal: SIGTERM, timeout: .seconds(5))
            #expect(graceful?.reason == .exit, "\(String(describing: graceful))")
            #expect(graceful?.status == 0)
            let log = fake.log
            #expect(log.contains("msg=\"fake stopped\""), "\(log)")
            #expect(!fake.isRunning)

            _ = try await fake.launch(config: "second.yaml")
            #expect(fake.logFile == scope.file("fake-2.log"))
            let killed = try await fake.stop(signal: SIGKILL, timeout: .seconds(5))
            #expect(killed?.reason == .uncaughtSignal, "\(String(describing: killed))")
            #expect(killed?.status == SIGKILL)
            // Nothing left to stop.
            let none = try await fake.stop(timeout: .seconds(1))
            #expect(none == nil)
        }
    }

    @Test("a process that exits before its start line fails the launch with its log; runToExit gives status and stderr")
    func neverStarts() async throws {
        try await ServiceTestScope.with(prefix: "service-process") { scope in
            let script = scope.file("broken.sh")
            try "#!/bin/sh\necho \"bad config: $2\" >&2\nexit 2\n".write(toFile: script, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let broken = scope.process(executable: script, name: "broken", environmentPrefix: "PALISADE_BROKEN")
            var failure: ServiceProcess.LaunchError?
            do {
                _ = try await broken.launch(config: "x.yaml", timeout: .seconds(10))
            } catch let error as ServiceProcess.LaunchError {
                failure = error
            }
            #expect(failure?.description.contains("bad config: x.yaml") == true, "\(String(describing: failure))")

            let (status, stderr) = try await broken.runToExit(["--config", "y.yaml"])
            #expect(status == 2)
            #expect(stderr == "bad config: y.yaml\n")
        }
    }

    @Test("locate finds nothing for a product that is not built")
    func locateMissing() {
        #expect(ServiceProcess.locate("palisade-no-such-product") == nil)
    }
}
