import Foundation

/// How the server is expected to react to one attack, beyond the bounds every attack shares
/// (alive, memory, latency, CPU afterwards). One value per attack in `AbuseAttack.expectation`,
/// so adjusting what "hardened" means is a one-line change there.
indirect enum AbuseExpectation: Sendable {
    /// Every judged connection got a GOAWAY with this code (nil: any code).
    case goAway(UInt32?)
    /// Every judged connection got a GOAWAY with this code or was closed by the server.
    case goAwayOrClosed(UInt32)
    /// Every judged connection was closed by the server.
    case closed
    /// Some streams were refused (RST_STREAM) or answered (HEADERS, e.g. RESOURCE_EXHAUSTED).
    case streamsRefusedOrAnswered
    /// Every call the attacker made through `RPCClient` succeeded.
    case callsSucceeded
    /// Each request got a trailers-only answer with the status for its `grpc-timeout` value.
    case grpcStatuses([String: Int])
    /// The server's CPU, above what the normal client costs, stays below `maxCores` from
    /// `after` seconds into the attack to its end (it parks blocked work instead of spinning).
    case serverIdle(after: Double, maxCores: Double)
    /// Nothing in particular: surviving within the shared bounds is the point.
    case noReaction
    /// All of these.
    case all([AbuseExpectation])

    /// Whether the report meets the expectation: nil when it does, else what was missing.
    /// `serverCores(from:)` gives the server's CPU (cores, above the normal client's baseline)
    /// from that many seconds into the attack until its end.
    func unmet(by report: AttackReport, serverCores: (Double) -> Double) -> String? {
        let judged = report.judged
        switch self {
        case .goAway(let code):
            let missing = judged.filter { outcome in
                guard let seen = outcome.goAway else { return true }
                return code.map { seen.errorCode != $0 } ?? false
            }
            guard missing.isEmpty, !judged.isEmpty else {
                return
                    "expected GOAWAY\(code.map { " " + H2Code.name($0) } ?? "") on every connection (\(missing.count)/\(judged.count) without)"
            }
            return nil
        case .goAwayOrClosed(let code):
            let missing = judged.filter { !$0.closedByServer && $0.goAway?.errorCode != code }
            guard missing.isEmpty, !judged.isEmpty else {
                return "expected GOAWAY \(H2Code.name(code)) or close (\(missing.count)/\(judged.count) without)"
            }
            return nil
        case .closed:
            let open = judged.filter { !$0.closedByServer }
            guard open.isEmpty, !judged.isEmpty else { return "expected close (\(open.count)/\(judged.count) left open)" }
            return nil
        case .streamsRefusedOrAnswered:
            let answered = report.connections.reduce(0) { $0 + $1.headerFrames + $1.resets.values.reduce(0, +) }
            return answered > 0 ? nil : "expected streams refused or answered (none were)"
        case .callsSucceeded:
            guard report.calls > 0, report.failedCalls == 0 else {
                return "expected every storm call to succeed (\(report.failedCalls) of \(report.calls) failed)"
            }
            return nil
        case .grpcStatuses(let expected):
            let wrong = report.statuses.filter { observed in
                observed.status != expected[observed.timeout] || !observed.trailersOnly
            }
            guard wrong.isEmpty, !report.statuses.isEmpty else {
                let list = wrong.map {
                    "\($0.label) gave \($0.status.map(String.init) ?? "none") wanted \(expected[$0.timeout].map(String.init) ?? "?")"
                }
                return "expected trailers-only statuses: " + (list.isEmpty ? "no answers" : list.joined(separator: ", "))
            }
            return nil
        case .serverIdle(let after, let maxCores):
            let cores = serverCores(after)
            return cores <= maxCores ? nil : String(format: "expected idle server after %.0f s (%.2f cores)", after, cores)
        case .noReaction:
            return nil
        case .all(let expectations):
            let unmet = expectations.compactMap { $0.unmet(by: report, serverCores: serverCores) }
            return unmet.isEmpty ? nil : unmet.joined(separator: "; ")
        }
    }

    /// Short form for the command's help and the README.
    var description: String {
        switch self {
        case .goAway(let code): return "GOAWAY \(code.map(H2Code.name) ?? "(any)")"
        case .goAwayOrClosed(let code): return "GOAWAY \(H2Code.name(code)) or closed"
        case .closed: return "closed"
        case .streamsRefusedOrAnswered: return "streams refused or answered"
        case .callsSucceeded: return "all calls succeed"
        case .grpcStatuses(let map):
            return "grpc-status " + map.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }.joined(separator: " ")
        case .serverIdle(let after, _): return String(format: "server idle after %.0f s", after)
        case .noReaction: return "no reaction needed"
        case .all(let list): return list.map(\.description).joined(separator: " + ")
        }
    }
}
