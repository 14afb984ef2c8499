/// `garbage`: connections that send random bytes instead of the HTTP/2 preface (or, over TLS,
/// instead of a ClientHello), one after another.
///
/// The server must give up on each such connection at once: close it, whether or not it
/// explains why first. Each connection waits up to 1 s for the close; one still open after
/// that is reported (and fails the `closed` expectation). The first two bytes are chosen so
/// that no connection can pass for the start of a preface or of a TLS record (see below).
struct GarbageAttack: BlockingAttacker {
    /// Bytes of garbage per connection.
    static let size = 4_096

    /// One connection at a time until the deadline (at most 5,000 in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        var generator = SystemRandomNumberGenerator()
        let maxConnections = context.bound(full: 50_000, short: 5_000)
        while !context.isOver, report.connections.count < maxConnections {
            var garbage = (0..<Self.size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // The first two bytes must not look like the start of something the server has to
            // wait for the rest of: 0x20–0x4f is not `P` (the preface), not a TLS record type
            // (0x14–0x18), and has no high bit (OpenSSL reads that as an SSLv2-style hello
            // announcing up to 32 KiB); a second byte 0x03 would be a TLS version, and OpenSSL
            // then waits for the whole record the next two bytes announce before judging it.
            // (A server waiting for a record that never comes is a slow handshake, bounded by
            // its setup timeout: another attack, not garbage.)
            garbage[0] = UInt8.random(in: 0x20...0x4f, using: &generator)
            garbage[1] = UInt8.random(in: 0x20...0x4f, using: &generator)
            // No TLS here even for the TLS transport: the garbage goes straight at the TLS layer.
            AttackConnection.sendAndAwaitClose(port: context.port, tls: nil, greeting: garbage, into: &report)
        }
        let open = report.connections.filter { !$0.closedByServer && !$0.connectFailed }.count
        if open > 0 { report.notes.append("\(open.grouped) still open after 1 s") }
        return report
    }
}
