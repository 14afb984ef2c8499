import Foundation
import PalisadeRPC

/// One attack against a fresh server process, measured: the timeline of `palisade-bench abuse`.
///
/// 1. start `rpc-server` (its log goes to a temporary file) and the sampler; the normal client
///    starts calling;
/// 2. ~1 s idle: idle RSS, and the CPU baseline of the server serving the normal client alone;
/// 3. the attack, `seconds` long (plus the attacker's final read, at most ~0.5 s);
/// 4. 2 s "after": the normal client still calling; CPU after;
/// 5. full mode only: wait until 10 s after the attack, read RSS ("back within 2× idle");
/// 6. check the process is alive, stop it, judge the row against the bounds.
struct AbuseRun {
    /// The attack to run.
    let attack: AbuseAttack
    /// `h2c` or `tls`.
    let transport: String
    /// `loop` or `pool`.
    let handlers: String
    /// Attack length.
    let seconds: Double
    /// Short (CI) mode.
    let short: Bool
    /// The bounds to judge against.
    let bounds: AbuseBounds

    /// A server above this RSS is killed by the sampler: far beyond any bound, it only
    /// protects the shared machine.
    static let safetyCapMiB = 3_072.0

    /// Runs the attack and returns its judged row.
    func run() async -> AbuseRow {
        var row = AbuseRow(attack: attack)
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "palisade-abuse-\(attack.rawValue)-\(UUID().uuidString).log"
        ).path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let server: BenchServer
        do {
            server = try BenchServer(
                transport: transport, handlers: handlers, extraArguments: ["--log-level", "warning"],
                fileLimit: attack.serverFileLimit, standardError: FileHandle(forWritingAtPath: logPath))
        } catch {
            row.crash = "server did not start: \(error)"
            row.breaches = bounds.breaches(of: row)
            return row
        }
        let sampler = ServerSampler(pid: server.pid, killAboveMiB: Self.safetyCapMiB)
        let normal = NormalClient(port: server.port, security: server.clientSecurity, probesFresh: attack.probesFreshConnections)
        let normalTask = Task { await normal.run() }

        // Idle second: let the server and the normal client settle, then take the baseline.
        let started = ContinuousClock.now
        await sleep(until: started + .seconds(1))
        row.idleMiB = sampler.sampleNow()?.rssMiB ?? 0
        row.cpuBaseline = sampler.cores(from: started + .milliseconds(300), to: .now)

        normal.enter(.during)
        let attackStart = ContinuousClock.now
        let context = AttackContext(
            port: server.port, tls: server.clientSecurity.tlsContext, security: server.clientSecurity,
            http1TLS: server.http1ClientTLS, start: attackStart, deadline: attackStart + .seconds(seconds), short: short)
        row.report = await attack.attacker.run(context)
        let attackEnd = ContinuousClock.now

        normal.enter(.after)
        await sleep(until: attackEnd + .seconds(2))
        let afterEnd = ContinuousClock.now
        normal.enter(.done)
        row.normal = await normalTask.value

        if !short { await sleep(until: attackEnd + .seconds(10)) }
        if let last = sampler.sampleNow() { row.afterMiB = last.rssMiB }
        sampler.stop()
        row.peakMiB = max(sampler.peakRSS(from: attackStart, to: .now), row.afterMiB)
        row.cpuDuring = sampler.cores(from: attackStart, to: attackEnd)
        row.cpuAfter = sampler.cores(from: attackEnd, to: afterEnd)
        row.killedAtMiB = sampler.killedAtMiB
        let baseline = row.cpuBaseline
        row.expectationUnmet = attack.expectation.unmet(by: row.report) { after in
            max(0, sampler.cores(from: attackStart + .seconds(after), to: attackEnd) - baseline)
        }

        if server.process.isRunning {
            if !(await Self.stop(server)) { row.report.notes.append("server ignored SIGTERM for 2 s: killed") }
        } else {
            let how =
                server.process.terminationReason == .uncaughtSignal
                ? "signal \(server.process.terminationStatus)" : "exit status \(server.process.terminationStatus)"
            row.crash = "server died (\(how))"
            server.stop()
            Self.printLogTail(logPath, attack: attack)
        }
        row.breaches = bounds.breaches(of: row)
        return row
    }

    /// SIGTERM, then SIGKILL if the server has not exited 2 s later: its graceful shutdown may
    /// wait up to its 10 s grace period for calls an attacker left hanging, and the suite must
    /// not. Returns whether it exited by itself.
    private static func stop(_ server: BenchServer) async -> Bool {
        kill(server.pid, SIGTERM)
        let end = ContinuousClock.now + .seconds(2)
        while server.process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let exited = !server.process.isRunning
        if !exited { kill(server.pid, SIGKILL) }
        server.stop()  // reaps the process and removes its certificate directory
        return exited
    }

    private func sleep(until instant: ContinuousClock.Instant) async {
        try? await Task.sleep(until: instant, clock: .continuous)
    }

    /// Shows the end of a dead server's log (its last words: a fatal error, a trap) on stderr.
    private static func printLogTail(_ path: String, attack: AbuseAttack) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(15).joined(separator: "\n")
        FileHandle.standardError.write(Data("--- server log tail (\(attack.rawValue)) ---\n\(tail)\n".utf8))
    }
}
