/// `http1-slow-heads`: 200 HTTP/1.1 connections (100 in short mode), each trickling a request
/// head that never ends, one byte per connection every 100 ms (slowloris).
///
/// A server that gives every connection a thread, or keeps whatever a head has sent without
/// bound, is starved or bloated by this; ours parses each head as it arrives (bounded by the
/// head limit) and answers 408 and closes once the first-request timeout has passed, while the
/// normal client keeps being served. The attacker reports how many heads were cut off.
struct HTTP1SlowHeadsAttack: BlockingAttacker {
    /// What each connection sends, one byte at a time, repeating the header line forever.
    private static let start = Array("GET /hello HTTP/1.1\r\nHost: localhost\r\n".utf8)
    private static let line = Array("X-Slow: aaaaaaaaaaaaaaaa\r\n".utf8)

    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let count = context.bound(full: 200, short: 100)
        let connections = (0..<count).map { _ in
            AttackConnection(port: context.port, tls: context.http1TLS, greeting: [Self.start[0]])
        }
        // Each connection's own position: over TLS they finish their handshakes at different
        // times, and a byte skipped would make the head malformed (refused at once) rather than slow.
        var sent = [Int](repeating: 1, count: count)
        var nextByte = ContinuousClock.now
        while !context.isOver {
            AttackConnection.pump(connections, timeoutMs: 20, reading: true)
            guard ContinuousClock.now >= nextByte else { continue }
            nextByte = ContinuousClock.now + .milliseconds(100)
            for (index, connection) in connections.enumerated() where connection.isOpen {
                let position = sent[index]
                let byte =
                    position < Self.start.count ? Self.start[position] : Self.line[(position - Self.start.count) % Self.line.count]
                connection.send([byte])
                sent[index] += 1
            }
        }
        let closed = connections.filter(\.closedByServer).count
        report.notes.append("\(count) heads trickled, up to \(sent.max() ?? 0) bytes each; \(closed) closed by the server")
        for connection in connections {
            report.record(connection, cut: true)
            connection.close()
        }
        return report
    }
}
