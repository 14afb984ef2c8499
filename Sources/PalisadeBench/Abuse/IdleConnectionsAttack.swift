/// `idle-connections`: more connections than the server has file descriptors, each saying
/// hello and then nothing.
///
/// The server runs under `ulimit -n 1024` (see `AbuseAttack.serverFileLimit`); 1,100
/// connections complete TCP (and TLS), send the preface and SETTINGS, and stay silent. A server
/// that keeps every idle connection runs out of descriptors and stops accepting, so new clients
/// are shut out; one that evicts idle or excess connections keeps serving. The point is judged
/// on the normal client, which in this attack also opens a fresh connection every 250 ms
/// (`AbuseAttack.probesFreshConnections`). The attacker reports how many of its connections
/// the server closed.
struct IdleConnectionsAttack: BlockingAttacker {
    /// Connections opened: more than the server's 1,024 descriptors.
    static let count = 1_100

    /// Opens every connection at once, then only polls until the deadline.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        // All connects start at once (non-blocking); setup then proceeds in the poll loop, so a
        // server that stops accepting cannot stall the attacker on one connect.
        let connections = (0..<Self.count).map { _ in
            AttackConnection(port: context.port, tls: context.tls, greeting: AttackContext.greeting)
        }
        while !context.isOver {
            AttackConnection.pump(connections, timeoutMs: 50, reading: true)
        }
        let setUp = connections.filter { $0.phase == .open }.count
        let stuck = connections.filter { $0.phase == .connecting || $0.phase == .handshaking }.count
        let closed = connections.filter(\.closedByServer).count
        report.notes.append(
            "\(setUp.grouped) of \(Self.count.grouped) set up, \(stuck.grouped) stuck in setup, \(closed.grouped) closed by server")
        for connection in connections {
            report.record(connection, cut: true)
            connection.close()
        }
        return report
    }
}
