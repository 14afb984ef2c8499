import Glibc
import PalisadeRPC
import PalisadeTLS

/// What an attacker gets: where the server is, how to speak to it, and when to stop.
struct AttackContext: Sendable {
    /// The server's port on 127.0.0.1 (attack traffic never goes anywhere else).
    let port: Int
    /// The client TLS context (with the bench client certificate) for `--transport tls`;
    /// nil for h2c.
    let tls: TLSContext?
    /// The same, as the `RPCClient` transport security (request-storm).
    let security: TransportSecurity
    /// For TLS: a client context offering only `http/1.1` (the HTTP/1.1 attacks); nil for h2c.
    var http1TLS: TLSContext? = nil
    /// When the attack began.
    let start: ContinuousClock.Instant
    /// When attackers stop sending; each then reads what the server said for at most ~0.5 s.
    let deadline: ContinuousClock.Instant
    /// Short mode (CI, debug build): smaller loop bounds.
    let short: Bool

    /// The deadline has passed.
    var isOver: Bool { ContinuousClock.now >= deadline }

    /// A loop bound: `full` in full mode, `short` in short mode. Every attack loop has one, on
    /// top of the deadline, so that a very fast machine still stops.
    func bound(full: Int, short shortBound: Int) -> Int { short ? shortBound : full }

    /// The `:scheme` the server expects.
    var usesTLS: Bool { tls != nil }

    /// A client preface + SETTINGS with our defaults (no push).
    static let greeting = H2Frames.preface()

    /// Connects and greets; nil when that failed, which is recorded in `report`. After a failed
    /// connect it pauses 10 ms: a refused connect returns at once, and the loops that reconnect
    /// must not spin on it.
    func openConnection(recordingFailureIn report: inout AttackReport) -> AttackConnection? {
        let connection = AttackConnection.open(self, greeting: Self.greeting)
        guard connection.isOpen else {
            report.record(connection, cut: false)
            usleep(10_000)
            return nil
        }
        return connection
    }
}

extension TransportSecurity {
    /// The TLS context, if this is TLS.
    var tlsContext: TLSContext? {
        if case .tls(let context) = self { return context }
        return nil
    }
}
