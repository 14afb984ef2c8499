import Glibc
import PalisadeTLS

/// Blocking-with-timeouts driving of one `AttackConnection`: setup, floods, and the final read.
extension AttackConnection {
    /// Why a flood loop stopped.
    enum FloodEnd: Equatable {
        /// The server closed or reset the connection.
        case serverClosed
        /// The server sent GOAWAY and stopped taking our bytes (seen by the stall check).
        case serverStopped
        /// The attack's deadline passed.
        case deadline
        /// The loop bound was reached, or the producer had nothing more to send.
        case exhausted
    }

    /// Queue at most this much before waiting for the socket: enough to keep the kernel's
    /// buffer full, small enough that stopping at the deadline is prompt.
    static let queueLimit = 256 << 10

    /// Connects (and completes TLS) within `timeout` seconds; the result may have failed
    /// (`isOpen` false, `failure` set), which attackers report rather than throw.
    /// `keepsPlaintext` is set before the handshake: over TLS the server's first frames (its
    /// SETTINGS) can arrive with the handshake's last flight, and an `H2Session` on top must see
    /// them (a session that missed the SETTINGS refuses the server's next frame).
    static func open(
        _ context: AttackContext, greeting: [UInt8], timeout: Double = 3,
        keepsPlaintext: Bool = false
    ) -> AttackConnection {
        let connection = AttackConnection(port: context.port, tls: context.tls, greeting: greeting)
        connection.keepsPlaintext = keepsPlaintext
        let end = ContinuousClock.now + .seconds(timeout)
        while connection.phase == .connecting || connection.phase == .handshaking, ContinuousClock.now < end {
            connection.pump(timeoutMs: 20, reading: true)
        }
        return connection
    }

    /// One connection that sends `greeting` (through `tls`, or raw) and then waits: up to 1 s for
    /// its setup, then up to 1 s for the server to close it. Recorded in `report`, then closed.
    /// The attacks that expect every such connection to be closed at once use it.
    static func sendAndAwaitClose(port: Int, tls: TLSContext?, greeting: [UInt8], into report: inout AttackReport) {
        let connection = AttackConnection(port: port, tls: tls, greeting: greeting)
        let end = ContinuousClock.now + .seconds(1)
        while connection.phase == .connecting || connection.phase == .handshaking, ContinuousClock.now < end {
            connection.pump(timeoutMs: 10, reading: true)
        }
        connection.wait(seconds: 1, acknowledging: false) { _ in false }
        report.record(connection, cut: false)
        connection.close()
    }

    /// One `poll` of this socket for up to `timeoutMs`, then acts on the result.
    func pump(timeoutMs: Int32, reading: Bool) {
        guard fd >= 0 else { return }
        var descriptor = pollfd(fd: fd, events: pollEvents(reading: reading), revents: 0)
        guard descriptor.events != 0 else {
            // Nothing to wait for on this socket; still take the time, so callers never spin.
            if timeoutMs > 0 { usleep(UInt32(timeoutMs) * 1000) }
            return
        }
        if poll(&descriptor, 1, timeoutMs) > 0 {
            handle(revents: descriptor.revents, reading: reading)
        }
    }

    /// Sends what `produce` appends, batch after batch, as fast as the socket takes it, until
    /// the server closes, the deadline passes or `maxBatches` were sent (`produce` returning
    /// false also ends it). With `reading: false` nothing is read — except when the socket has
    /// taken nothing for a second: then one read checks whether the server said GOAWAY and
    /// stopped reading, so that a stalled attacker does not sit out the whole period.
    @discardableResult
    func flood(
        until deadline: ContinuousClock.Instant, maxBatches: Int, reading: Bool,
        produce: (inout [UInt8]) -> Bool
    ) -> FloodEnd {
        var batch: [UInt8] = []
        var batches = 0
        var lastProgress = ContinuousClock.now
        var written = bytesWritten
        while true {
            if !isOpen { return .serverClosed }
            let now = ContinuousClock.now
            if now >= deadline { return .deadline }
            if pendingOutbound < Self.queueLimit {
                guard batches < maxBatches else { return .exhausted }
                batch.removeAll(keepingCapacity: true)
                guard produce(&batch) else { return .exhausted }
                send(batch)
                batches += 1
                // Look for a close (or, when reading, for input) every few batches without waiting.
                if batches % 16 == 0 { pump(timeoutMs: 0, reading: reading) }
                continue
            }
            pump(timeoutMs: 10, reading: reading)
            if bytesWritten != written {
                written = bytesWritten
                lastProgress = now
            } else if now - lastProgress > .seconds(1) {
                readAvailable(limit: 1 << 20)
                if reader.goAway != nil { return .serverStopped }
                lastProgress = now
            }
        }
    }

    /// One `poll` over many connections (an attacker thread driving several at once).
    static func pump(_ connections: [AttackConnection], timeoutMs: Int32, reading: Bool) {
        // A negative fd is skipped by poll: sockets with nothing to wait for would otherwise
        // still report HUP/ERR and make the call return at once.
        var descriptors = connections.map { connection in
            let events = connection.pollEvents(reading: reading)
            return pollfd(fd: events == 0 ? -1 : connection.fd, events: events, revents: 0)
        }
        guard poll(&descriptors, nfds_t(descriptors.count), timeoutMs) > 0 else { return }
        for (connection, descriptor) in zip(connections, descriptors) {
            connection.handle(revents: descriptor.revents, reading: reading)
        }
    }

    /// Polls and reads until `done` holds, the server closes, or `seconds` pass; acknowledges
    /// the server's SETTINGS meanwhile unless told not to.
    func wait(seconds: Double, acknowledging: Bool = true, until done: (AttackConnection) -> Bool) {
        let end = ContinuousClock.now + .seconds(seconds)
        while !done(self), !sawEOF, ContinuousClock.now < end {
            pump(timeoutMs: 10, reading: true)
            if acknowledging { acknowledgeSettings() }
        }
    }

    /// The end of an attack on this connection: stop sending, read what the server said until
    /// it closes, nothing arrives for `quietSeconds`, or `maxSeconds` pass (never longer).
    func drain(maxSeconds: Double = 0.5, quietSeconds: Double = 0.2) {
        discardOutbound()
        guard fd >= 0, phase == .open || phase == .handshaking else { return }
        let end = ContinuousClock.now + .seconds(maxSeconds)
        var lastData = ContinuousClock.now
        var frames = reader.frames
        while !sawEOF, ContinuousClock.now < end, ContinuousClock.now - lastData < .seconds(quietSeconds) {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 10) > 0 { readAvailable(limit: 4 << 20) }
            if reader.frames != frames {
                frames = reader.frames
                lastData = .now
            }
        }
    }

    /// Answers the server's SETTINGS with ACKs (well-behaved attackers only).
    func acknowledgeSettings() {
        let count = reader.takeSettingsToAck()
        guard count > 0, isOpen else { return }
        var acks: [UInt8] = []
        for _ in 0..<count { H2Frames.appendSettingsAck(to: &acks) }
        send(acks)
    }
}
