import Foundation
import PalisadeServiceTestSupport

/// A stand-in for a service executable, as a shell script: it prints a start line as the
/// services do (`msg="fake started" listen=… metrics=…`, plus its pid, its `--config` argument
/// and two variables) and runs until a signal; SIGTERM makes it log a stop line and exit 0.
/// Tests of the kit run it instead of a real service so they need no service built.
enum FakeService {
    /// The port its start line names for `listen`.
    static let listenPort = 4242
    /// The port its start line names for `metrics`.
    static let metricsPort = 4343

    /// Writes the script into `scope`'s directory and returns its path.
    static func write(in scope: ServiceTestScope) throws -> String {
        let path = scope.file("fake-service.sh")
        let script = """
            #!/bin/sh
            trap 'echo "level=info msg=\\"fake stopped\\""; exit 0' TERM
            echo "level=info msg=\\"fake started\\" listen=127.0.0.1:\(listenPort) metrics=127.0.0.1:\(metricsPort) pid=$$ \
            config=$2 extra=${FAKE_EXTRA:-unset} override=${PALISADE_FAKE_OVERRIDE:-unset}" >&2
            while :; do sleep 0.05; done
            """
        try script.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// The value of `field=` in `line` (a logfmt line without quoted values).
    static func field(_ field: String, in line: Substring?) -> String? {
        line?.split(separator: " ").first { $0.hasPrefix(field + "=") }.map { String($0.dropFirst(field.count + 1)) }
    }
}
