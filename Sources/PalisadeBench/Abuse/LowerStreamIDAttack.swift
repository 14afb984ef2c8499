import PalisadeEcho

/// `lower-stream-id`: a request on stream 7, completed, then HEADERS on stream 5.
///
/// Stream ids from a client must increase (RFC 9113 §5.1.1); opening 7 implicitly closed 1, 3
/// and 5, so HEADERS on 5 is a connection error of type PROTOCOL_ERROR: the server must answer
/// with GOAWAY(PROTOCOL_ERROR) and not, say, start a call on a stream it already counted closed.
struct LowerStreamIDAttack: BlockingAttacker {
    /// One connection, two requests: a few milliseconds, not the whole period.
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        guard let connection = context.openConnection(recordingFailureIn: &report) else { return report }
        let block = HPACKBlock.request(path: "/\(EchoService.service)/Unary", tls: context.usesTLS).bytes
        var frames: [UInt8] = []
        H2Frames.appendHeaders(stream: 7, fragment: block, endStream: false, endHeaders: true, to: &frames)
        H2Frames.appendData(stream: 7, payload: H2Frames.grpcMessage([UInt8](repeating: 0x61, count: 100)), endStream: true, to: &frames)
        connection.send(frames)
        connection.wait(seconds: 2) { $0.reader.isAnswered(7) || $0.reader.goAway != nil }
        report.notes.append(connection.reader.endedStreams.contains(7) ? "stream 7 answered" : "stream 7 NOT answered")
        frames.removeAll()
        H2Frames.appendHeaders(stream: 5, fragment: block, endStream: true, endHeaders: true, to: &frames)
        connection.send(frames)
        report.streamsSent = 2
        connection.wait(seconds: 2) { $0.reader.goAway != nil || $0.closedByServer }
        connection.drain()
        if connection.reader.isAnswered(5) { report.notes.append("stream 5 answered as if new") }
        report.record(connection, cut: false)
        connection.close()
        return report
    }
}
