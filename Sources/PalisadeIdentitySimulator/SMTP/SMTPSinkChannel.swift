import Glibc
import PalisadeTLS

/// One client connection of the SMTP sink as lines in and replies out, in cleartext or, after
/// STARTTLS, through a ``TLSConnection`` (sans-I/O, so upgrading in the middle of the stream is
/// just a matter of routing the same socket's bytes through it from then on).
///
/// Memory is bounded: plaintext is read only while no complete line is buffered, at most 16 KiB
/// of ciphertext at a time, so the buffer never holds more than a line limit plus one read.
/// Every wait is bounded by the idle timeout. Used by one session thread only.
final class SMTPSinkChannel {
    /// How a channel stops.
    enum End: Error {
        /// The client closed the connection (or sent TLS `close_notify`).
        case closed
        /// Nothing complete arrived within the idle timeout.
        case timedOut
        /// A socket or TLS failure.
        case failed(String)
    }

    /// A line read by ``readLine(maxLength:)``.
    enum Line {
        /// The line's bytes without its CRLF (a bare LF is accepted too).
        case line([UInt8])
        /// The line was longer than the limit; it was read and discarded up to its end.
        case tooLong
    }

    let fd: Int32
    private let idleTimeoutMilliseconds: Int
    private(set) var tls: TLSConnection?
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 16 << 10)

    init(fd: Int32, idleTimeout: Duration) {
        self.fd = fd
        let (seconds, attoseconds) = idleTimeout.components
        idleTimeoutMilliseconds = max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        SMTPSinkSocket.setSendTimeout(fd, milliseconds: idleTimeoutMilliseconds)
    }

    /// Whether TLS is on.
    var isTLS: Bool { tls != nil }

    /// The next line, waiting at most the idle timeout for it to complete.
    func readLine(maxLength: Int) throws(End) -> Line {
        let deadline = ContinuousClock.now + .milliseconds(idleTimeoutMilliseconds)
        var discarding = false
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                compact()
                return discarding || line.count > maxLength ? .tooLong : .line(line)
            }
            if buffer.count - start > maxLength {
                // Keep nothing of an over-long line but the fact; its end is still to be found.
                discarding = true
                start = buffer.count
                compact()
            }
            try fill(until: deadline)
        }
    }

    /// Sends bytes (a reply), through TLS when it is on.
    func write(_ bytes: [UInt8]) throws(End) {
        guard let tls else { return try send(bytes) }
        let failure: TLSError? = bytes.withUnsafeBytes { raw in
            do throws(TLSError) {
                try tls.writePlaintext(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw .failed("TLS: \(failure.message)") }
        try flushTLS()
    }

    /// Runs the server side of a TLS handshake on this connection (RFC 3207). Plaintext the
    /// client sent after `STARTTLS` and before the handshake is discarded: it was not protected
    /// and must not be taken as a command of the TLS session (the STARTTLS injection attack).
    func startTLS(context: TLSContext) throws(End) {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        let connection: TLSConnection
        do throws(TLSError) {
            connection = try TLSConnection(context: context, serverName: nil)
        } catch {
            throw .failed("TLS: \(error.message)")
        }
        tls = connection
        let deadline = ContinuousClock.now + .milliseconds(idleTimeoutMilliseconds)
        while true {
            let done: Bool
            do throws(TLSError) {
                done = try connection.handshake()
            } catch {
                try? flushTLS()  // the alert, if any
                throw .failed("TLS handshake: \(error.message)")
            }
            try flushTLS()
            if done { return }
            let count = try receiveCiphertext(until: deadline)
            guard count > 0 else { throw .closed }
        }
    }

    // MARK: Bytes

    /// Reads once from the socket (waiting at most until `deadline`) into the line buffer,
    /// decrypting when TLS is on.
    private func fill(until deadline: ContinuousClock.Instant) throws(End) {
        guard let tls else {
            let count = try receiveRaw(until: deadline)
            guard count > 0 else { throw .closed }
            buffer.append(contentsOf: scratch[0..<count])
            return
        }
        // Records can already be buffered: the client's first command often arrives in the same
        // read as its last handshake message, and waiting on the socket for it would never end.
        if try decrypt(tls) > 0 { return }
        let count = try receiveCiphertext(until: deadline)
        if try decrypt(tls) == 0, count == 0 { throw .closed }
    }

    /// Appends what can be decrypted now; 0 when a whole record is still missing.
    private func decrypt(_ tls: TLSConnection) throws(End) -> Int {
        let result: TLSConnection.ReadResult
        do throws(TLSError) {
            result = try tls.readPlaintext(into: &buffer, maxBytes: 64 << 10)
        } catch {
            try? flushTLS()
            throw .failed("TLS: \(error.message)")
        }
        try flushTLS()
        switch result {
        case .bytes(let count): return count
        case .wantMoreCiphertext: return 0
        case .closed: throw .closed
        }
    }

    private func receiveCiphertext(until deadline: ContinuousClock.Instant) throws(End) -> Int {
        let count = try receiveRaw(until: deadline)
        scratch.withUnsafeBytes { tls?.receiveCiphertext(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        return count
    }

    private func receiveRaw(until deadline: ContinuousClock.Instant) throws(End) -> Int {
        let remaining = deadline - ContinuousClock.now
        let milliseconds = Int32(
            clamping: max(0, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
        guard milliseconds > 0, SMTPSinkSocket.waitReadable(fd, milliseconds: milliseconds) else { throw .timedOut }
        let result: Result<Int, SMTPSinkSocket.Failure> = scratch.withUnsafeMutableBytes { raw in
            do throws(SMTPSinkSocket.Failure) {
                return .success(try SMTPSinkSocket.receive(fd, into: raw))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let count): return count
        case .failure(let failure): throw .failed(failure.message)
        }
    }

    private func flushTLS() throws(End) {
        guard let tls, tls.hasPendingCiphertext else { return }
        var outgoing: [UInt8] = []
        tls.drainCiphertext(into: &outgoing)
        try send(outgoing)
    }

    private func send(_ bytes: [UInt8]) throws(End) {
        do throws(SMTPSinkSocket.Failure) {
            try SMTPSinkSocket.sendAll(fd, bytes)
        } catch {
            throw .failed(error.message)
        }
    }

    /// Drops consumed bytes once they are the larger part of the buffer (amortised O(1)).
    private func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// Sends TLS `close_notify` when TLS is on; the session closes the socket.
    func closeTLS() {
        tls?.close()
        try? flushTLS()
    }
}
