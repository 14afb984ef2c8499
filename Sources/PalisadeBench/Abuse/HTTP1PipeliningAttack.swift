/// `http1-pipelining`: four HTTP/1.1 connections sending pipelined `GET /hello` requests as fast
/// as the socket takes them, never reading an answer.
///
/// The server answers one request at a time and reads the next only when the previous answer
/// has gone out; with answers unread it keeps at most 16 KiB of pipelined input and its output
/// bound per connection, then stops reading that socket. Nothing grows, and the normal client
/// is served as before.
struct HTTP1PipeliningAttack: BlockingAttacker {
    private static let request = Array("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)

    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let connections = (0..<4).map { _ in
            AttackConnection(port: context.port, tls: context.http1TLS, greeting: Self.request)
        }
        let batch = Array([[UInt8]](repeating: Self.request, count: 256).joined())
        var requests = 4
        let maxRequests = context.bound(full: 50_000_000, short: 5_000_000)
        while !context.isOver, requests < maxRequests {
            AttackConnection.pump(connections, timeoutMs: 10, reading: false)
            for connection in connections where connection.isOpen && connection.pendingOutbound < AttackConnection.queueLimit {
                connection.send(batch)
                requests += 256
            }
        }
        let stalled = connections.filter { $0.isOpen && $0.pendingOutbound > 0 }.count
        report.notes.append("\(requests.grouped) requests queued; \(stalled) of 4 connections stalled by the server (not reading)")
        for connection in connections {
            report.record(connection, cut: true)
            connection.close()
        }
        return report
    }
}
