import ArgumentParser
import Foundation
import PalisadeRPC

/// `palisade-bench abuse`: attacks a fresh echo server per attack while a normal client keeps
/// calling, and fails (exit 1) when the server breaches a bound. `make test` runs `--short`.
///
/// Bounds, per attack: the server survives; peak RSS ≤ idle + `--rss-limit-mib`; full mode: RSS
/// 10 s after ≤ 2 × idle; the normal client's p99 during ≤ `--p99-limit-ms`; every normal call
/// succeeds; CPU in the 2 s after ≤ 0.1 cores above the idle baseline; and the attack's own
/// expectation (`AbuseAttack.expectation`). All traffic goes to 127.0.0.1.
struct AbuseCommand: AsyncParsableCommand {
    /// The discussion lists every attack with its expectation, straight from the catalogue.
    static let configuration = CommandConfiguration(
        commandName: "abuse",
        abstract: "Attack the RPC server (rapid reset, floods, HPACK bomb, idle connections, ...) and check it holds.",
        discussion: "Attacks and the reaction each expects:\n"
            + AbuseAttack.allCases.map { "  \($0.rawValue): \($0.expectation.description)" }.joined(separator: "\n")
    )

    @Option(name: .long, help: "Seconds per attack (default 20; 3 with --short).")
    var seconds: Double?

    @Flag(name: .long, help: "CI mode: 3 s per attack, no 10 s RSS wait, p99 limit 500 ms (a debug build on busy cores).")
    var short = false

    @Option(name: .long, help: "Transport: h2c or tls (mutual TLS; the attackers speak TLS too).")
    var transport = "h2c"

    @Option(name: .long, help: "Where the server runs handlers: pool (the server default) or loop (the benchmark server default).")
    var handlers = "pool"

    @Option(name: .long, parsing: .upToNextOption, help: "Attacks to run (default: all). Repeatable.")
    var attack: [String] = []

    @Option(name: .customLong("p99-limit-ms"), help: "Normal client's p99 during an attack (default 50; 500 with --short).")
    var p99LimitMs: Double?

    @Option(name: .customLong("rss-limit-mib"), help: "Peak RSS allowed above idle, MiB.")
    var rssLimitMiB: Double = 96

    /// Rejects unknown transports, handler modes and attack names before any server starts.
    func validate() throws {
        guard transport == "h2c" || transport == "tls" else { throw ValidationError("--transport is h2c or tls") }
        guard handlers == "loop" || handlers == "pool" else { throw ValidationError("--handlers is loop or pool") }
        for name in selectedNames where AbuseAttack(rawValue: name) == nil {
            throw ValidationError("unknown attack '\(name)'; known: \(AbuseAttack.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let seconds, seconds < 1 || seconds > 600 { throw ValidationError("--seconds is between 1 and 600") }
    }

    /// `--attack a b`, `--attack a --attack b` and `--attack a,b` all work.
    private var selectedNames: [String] {
        attack.flatMap { $0.split(separator: ",").map(String.init) }
    }

    /// Runs the attacks one after the other, prints the table and the summary line, and exits 1
    /// on any breach (so `make test` fails).
    func run() async throws {
        // idle-connections holds 1,100 sockets in this process, on top of the normal client.
        Self.raiseFileLimit(to: 4_096)
        let attacks = selectedNames.isEmpty ? AbuseAttack.allCases : selectedNames.compactMap(AbuseAttack.init(rawValue:))
        let seconds = self.seconds ?? (short ? 3 : 20)
        let bounds = AbuseBounds(rssLimitMiB: rssLimitMiB, p99LimitMs: p99LimitMs ?? (short ? 500 : 50), checksRSSAfter: !short)
        let started = ContinuousClock.now
        var rows: [AbuseRow] = []
        for (i, attack) in attacks.enumerated() {
            let attackStarted = ContinuousClock.now
            let row = await AbuseRun(
                attack: attack, transport: transport, handlers: handlers, seconds: seconds,
                short: short, bounds: bounds
            ).run()
            rows.append(row)
            // Progress as it goes (CI logs), the aligned table at the end.
            let took = String(format: "%.1f s", (ContinuousClock.now - attackStarted).seconds)
            Self.emit(
                "[\(i + 1)/\(attacks.count)] \(attack.rawValue) (\(took)): \(row.breaches.isEmpty ? "ok" : "BREACH") — \(row.report.summary)"
            )
        }
        let table = AbuseTable(rows: rows)
        Self.emit("")
        Self.emit(table.text)
        Self.emit(
            String(
                format: "(%.0f s in all; cpu in cores; p99 of the normal client's Echo/Unary calls)",
                (ContinuousClock.now - started).seconds))
        Self.emit(table.summary(transport: transport, handlers: handlers, short: short, seconds: seconds))
        if !table.breached.isEmpty { throw ExitCode(1) }
    }

    /// Writes a line to stdout unbuffered, so CI logs show progress as it happens (and the
    /// order with the server's stderr stays right).
    private static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Raises this process's soft descriptor limit (never above the hard limit).
    private static func raiseFileLimit(to wanted: rlim_t) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
