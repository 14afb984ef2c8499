import Glibc
import PalisadeEcho

/// `oversized-headers`: requests whose header list exceeds the server's
/// SETTINGS_MAX_HEADER_LIST_SIZE (16 KiB), again and again.
///
/// Each request carries one `x-big` field of 20 KiB, so its block is split over HEADERS and a
/// CONTINUATION frame. A well-behaved client would stop after the first refusal; this one
/// repeats on new streams, reading the answers. The server should refuse each stream
/// (RESOURCE_EXHAUSTED or a reset) and, seeing it repeated, end the connection with GOAWAY.
/// After a close the attacker reconnects and goes on until the deadline.
struct OversizedHeadersAttack: BlockingAttacker {
    /// The oversized field's value length.
    static let valueSize = 20 << 10
    /// Requests per connection before reconnecting anyway.
    static let requestsPerConnection = 200

    /// Repeats on connection after connection until the deadline (at most 3,000 in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        var block = HPACKBlock.request(path: "/\(EchoService.service)/Unary", tls: context.usesTLS)
        block.literal(name: "x-big", value: repeatElement(UInt8(ascii: "z"), count: Self.valueSize))
        let maxConnections = context.bound(full: 100_000, short: 3_000)
        var unanswered = 0
        while !context.isOver, report.connections.count < maxConnections {
            guard let connection = context.openConnection(recordingFailureIn: &report) else { continue }
            var stream: UInt32 = 1
            for _ in 0..<Self.requestsPerConnection {
                guard connection.isOpen, !context.isOver, connection.reader.goAway == nil else { break }
                var frames: [UInt8] = []
                H2Frames.appendHeaderBlock(stream: stream, block: block.bytes, endStream: true, to: &frames)
                connection.send(frames)
                report.streamsSent += 1
                let id = stream
                connection.wait(seconds: 0.5) { $0.reader.isAnswered(id) || $0.reader.goAway != nil }
                if !connection.reader.isAnswered(id) { unanswered += 1 }
                stream += 2
            }
            connection.drain()
            report.record(connection, cut: context.isOver)
            connection.close()
        }
        if unanswered > 0 { report.notes.append("\(unanswered.grouped) requests unanswered within 0.5 s") }
        return report
    }
}
