import Foundation
import PalisadeRPC

/// What one attacker connection saw of the server.
struct ConnectionOutcome: Sendable {
    /// TCP or TLS setup never completed (refused, timed out, handshake failed).
    var connectFailed = false
    /// The first GOAWAY: last stream id and error code.
    var goAway: (lastStreamID: UInt32, errorCode: UInt32)?
    /// The server closed or reset the connection.
    var closedByServer = false
    /// The attacker stopped at its deadline before the server reacted: not judged when other
    /// connections were (the server may simply not have had the time).
    var cutByDeadline = false
    /// From the first byte sent to the GOAWAY or the close, whichever came first.
    var reactionAfter: Duration?
    /// RST_STREAM frames received, by error code.
    var resets: [UInt32: Int] = [:]
    /// HEADERS frames received (answers, trailers-only refusals).
    var headerFrames = 0
    /// Why setup failed, or a TLS error the server caused.
    var failure: String?
}

/// One gRPC status read by an attacker that decodes answers (`bad-deadline`).
struct ObservedStatus: Sendable {
    /// What was sent, e.g. `Unary grpc-timeout: 1x`.
    var label: String
    /// The `grpc-timeout` value sent; the key of the expectation.
    var timeout: String
    /// The status received; nil when none came (reset, closed, timed out).
    var status: Int?
    /// The status came in a trailers-only answer (one HEADERS with END_STREAM).
    var trailersOnly: Bool
}

/// Everything an attacker reports: per-connection outcomes plus counters.
struct AttackReport: Sendable {
    /// Each connection the attacker opened, in order.
    var connections: [ConnectionOutcome] = []
    /// Streams (requests) opened.
    var streamsSent = 0
    /// Application bytes sent.
    var bytesSent = 0
    /// Calls made through `RPCClient` (request-storm).
    var calls = 0
    /// Of those, calls that failed.
    var failedCalls = 0
    /// Statuses read (bad-deadline).
    var statuses: [ObservedStatus] = []
    /// Attack-specific facts for the "attacker saw" column.
    var notes: [String] = []

    /// Adds a finished connection's outcome and byte count.
    mutating func record(_ connection: AttackConnection, cut: Bool) {
        connections.append(connection.outcome(cut: cut))
        bytesSent += connection.bytesSent
    }

    /// The connections to judge: those the server had the chance to react to, or all of them
    /// when the attacker cut every one (a single-connection attack that got no reaction).
    var judged: [ConnectionOutcome] {
        let reacted = connections.filter { !$0.cutByDeadline && !$0.connectFailed }
        return reacted.isEmpty ? connections.filter { !$0.connectFailed } : reacted
    }

    /// RST_STREAM counts over all connections, by code.
    var resets: [UInt32: Int] {
        connections.reduce(into: [:]) { all, outcome in all.merge(outcome.resets, uniquingKeysWith: +) }
    }

    /// The "attacker saw" column: GOAWAYs, closes, resets, answers, then the notes.
    var summary: String {
        var parts: [String] = []
        let count = connections.count
        let goAways = connections.compactMap { $0.goAway?.errorCode }
        let closed = connections.filter(\.closedByServer).count
        let failed = connections.filter(\.connectFailed).count
        let fastest = connections.compactMap(\.reactionAfter).min()
        if count == 1, let only = connections.first {
            if only.connectFailed {
                parts.append("connect failed" + (only.failure.map { " (\($0))" } ?? ""))
            } else {
                var saw = only.goAway.map { "GOAWAY \(H2Code.name($0.errorCode)) (last stream \($0.lastStreamID))" } ?? "no GOAWAY"
                saw += only.closedByServer ? ", closed" : ", not closed"
                if let after = only.reactionAfter, only.goAway != nil || only.closedByServer { saw += " after \(after.millisecondsText)" }
                parts.append(saw)
            }
        } else if count > 1 {
            var saw = "\(count.grouped) conns"
            if failed > 0 {
                let reason = connections.first { $0.connectFailed }?.failure.map { ": \($0.prefix(60))" } ?? ""
                saw += " (\(failed.grouped) failed to connect\(reason))"
            }
            let byCode = Dictionary(grouping: goAways, by: { $0 }).mapValues(\.count)
            if byCode.isEmpty { saw += ", no GOAWAY" }
            for (code, n) in byCode.sorted(by: { $0.key < $1.key }) { saw += ", GOAWAY \(H2Code.name(code)) x \(n.grouped)" }
            saw += ", \(closed.grouped) closed by server"
            if let fastest, closed + goAways.count > 0 { saw += ", first reaction after \(fastest.millisecondsText)" }
            parts.append(saw)
        }
        for (code, n) in resets.sorted(by: { $0.key < $1.key }) { parts.append("RST_STREAM \(H2Code.name(code)) x \(n.grouped)") }
        let answers = connections.reduce(0) { $0 + $1.headerFrames }
        if answers > 0 { parts.append("\(answers.grouped) HEADERS") }
        if streamsSent > 0 { parts.append("\(streamsSent.grouped) streams sent") }
        if bytesSent >= 1 << 20 { parts.append(String(format: "%.1f MiB sent", Double(bytesSent) / 1_048_576)) }
        if calls > 0 { parts.append("\(calls.grouped) calls, \(failedCalls.grouped) failed") }
        if !statuses.isEmpty {
            parts.append(
                statuses.map { "\($0.label)→\($0.status.map(String.init) ?? "none")\($0.trailersOnly ? "" : " (not trailers-only)")" }
                    .joined(separator: ", "))
        }
        return (parts + notes).joined(separator: "; ")
    }
}

extension Int {
    /// `1,204`: thousands separated, for the table.
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}

extension Duration {
    /// `3 ms`, `0.4 ms`, `1.2 s`.
    var millisecondsText: String {
        let ms = seconds * 1000
        if ms >= 1000 { return String(format: "%.1f s", ms / 1000) }
        return ms >= 10 ? String(format: "%.0f ms", ms) : String(format: "%.1f ms", ms)
    }
}
