import Foundation

/// Everything measured about one attack: the server's memory and CPU, the normal client's
/// experience, what the attacker saw, and the bounds it breached.
struct AbuseRow: Sendable {
    /// The attack.
    let attack: AbuseAttack
    /// Server RSS ~1 s after start, before the attack (MiB).
    var idleMiB = 0.0
    /// Highest server RSS sampled from the attack's start to the last reading (MiB).
    var peakMiB = 0.0
    /// Server RSS at the end: 10 s after the attack in full mode, after the 2 s "after" phase
    /// in short mode (MiB).
    var afterMiB = 0.0
    /// Server cores used in the idle second, with only the normal client calling.
    var cpuBaseline = 0.0
    /// Server cores used on average during the attack.
    var cpuDuring = 0.0
    /// Server cores used in the 2 s after the attack ended.
    var cpuAfter = 0.0
    /// The normal client's figures for idle, during and after.
    var normal: [NormalClient.Figures] = []
    /// What the attacker saw.
    var report = AttackReport()
    /// How the server process ended, when it did not survive (or did not start).
    var crash: String?
    /// The RSS at which the safety cap killed the server.
    var killedAtMiB: Double?
    /// The attack's expectation, when it was not met.
    var expectationUnmet: String?
    /// The bounds breached (empty: ok).
    var breaches: [String] = []

    /// The normal client's figures in a phase (empty figures when missing).
    func normal(_ phase: NormalClient.Phase) -> NormalClient.Figures {
        phase.rawValue < normal.count ? normal[phase.rawValue] : NormalClient.Figures()
    }

    /// Normal calls (all phases, long-lived and fresh connections) that succeeded / failed.
    var normalCalls: (ok: Int, failed: Int) {
        normal.reduce((0, 0)) { ($0.0 + $1.ok + $1.freshOK, $0.1 + $1.failed + $1.freshFailed) }
    }

    /// Fresh-connection calls that succeeded / failed (idle-connections).
    var freshCalls: (ok: Int, failed: Int) {
        normal.reduce((0, 0)) { ($0.0 + $1.freshOK, $0.1 + $1.freshFailed) }
    }

    /// The table cells, in column order.
    var cells: [String] {
        let calls = normalCalls
        var callsCell = "\(calls.ok.grouped)/\(calls.failed.grouped)"
        let fresh = freshCalls
        if fresh.ok + fresh.failed > 0 { callsCell += " (fresh \(fresh.ok)/\(fresh.failed))" }
        return [
            attack.rawValue,
            String(format: "%.1f", idleMiB), String(format: "%.1f", peakMiB), String(format: "%.1f", afterMiB),
            String(format: "%.2f", cpuBaseline), String(format: "%.2f", cpuDuring), String(format: "%.2f", cpuAfter),
            normal(.during).p99Ms.map { String(format: "%.1f", $0) } ?? "-",
            normal(.after).p99Ms.map { String(format: "%.1f", $0) } ?? "-",
            callsCell,
            report.summary,
            breaches.isEmpty ? "ok" : "BREACH: " + breaches.joined(separator: "; "),
        ]
    }

    /// The column titles matching `cells`.
    static let titles = [
        "attack", "idle MiB", "peak MiB", "after MiB", "cpu idle", "cpu during", "cpu 2s after", "p99 during ms", "p99 after ms",
        "normal ok/failed", "attacker saw", "verdict",
    ]
}
