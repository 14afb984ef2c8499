/// `http1-smuggling`: HTTP/1.1 connections, one after another, each sending a request whose
/// body is framed two ways (Content-Length and Transfer-Encoding: chunked) with a second request
/// hidden in the difference, as request smuggling through a proxy does.
///
/// The server must refuse the request (400) and close the connection, never answering the
/// hidden one. Each connection waits up to 1 s for the close; one left open fails `closed`.
struct HTTP1SmugglingAttack: BlockingAttacker {
    private static let request = Array(
        ("POST /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n").utf8)

    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let maxConnections = context.bound(full: 20_000, short: 2_000)
        while !context.isOver, report.connections.count < maxConnections {
            AttackConnection.sendAndAwaitClose(port: context.port, tls: context.http1TLS, greeting: Self.request, into: &report)
        }
        let open = report.connections.filter { !$0.closedByServer && !$0.connectFailed }.count
        if open > 0 { report.notes.append("\(open.grouped) still open after 1 s") }
        return report
    }
}
