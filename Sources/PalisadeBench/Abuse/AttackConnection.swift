import Glibc
import PalisadeTLS

/// One raw TCP connection from an attacker to the server, optionally inside TLS; it never blocks.
///
/// The socket is non-blocking and every wait is a `poll` with a timeout, so an attacker can
/// never hang on a server that stops reading or never answers. Outbound bytes are queued and
/// written as far as the socket takes them; whatever the server sends is fed (decrypted, for
/// TLS) to an `H2FrameReader`, and optionally kept as plaintext for an `H2Session`. A greeting
/// (preface + SETTINGS) goes out as soon as TCP (and TLS) is up, which lets one thread drive a
/// thousand connections through their setup at once (`idle-connections`).
///
/// Not `Sendable`: each connection is used by the one attacker thread that made it.
final class AttackConnection {
    /// Where the connection is in its setup.
    enum Phase { case connecting, handshaking, open, failed }

    /// The socket, -1 when it could not even be created.
    let fd: Int32
    private let tls: TLSConnection?
    private let greeting: [UInt8]
    /// When the connect started.
    let startedAt = ContinuousClock.now
    /// Setup progress; `.failed` when TCP or TLS setup failed.
    private(set) var phase: Phase
    /// What made the setup fail.
    private(set) var failure: String?
    /// What the server sent, parsed.
    var reader = H2FrameReader()
    /// Keep received plaintext in `plaintextIn` (for an `H2Session` on top).
    var keepsPlaintext = false
    /// Received plaintext not yet taken by `takePlaintext`.
    private(set) var plaintextIn: [UInt8] = []
    /// The server closed or reset the connection (EOF, HUP, RDHUP, EPIPE/ECONNRESET).
    private(set) var closedByServer = false
    /// When that was noticed.
    private(set) var closedAt: ContinuousClock.Instant?
    /// When the first byte after setup was queued: "time to GOAWAY" counts from here.
    private(set) var firstSendAt: ContinuousClock.Instant?
    /// Application bytes queued (before TLS).
    private(set) var bytesSent = 0
    /// Bytes the socket took; progress marker for the stall check.
    private(set) var bytesWritten = 0
    /// The read side reached EOF (or a reset): nothing more will arrive.
    private(set) var sawEOF = false
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var closedLocally = false

    /// `POLLRDHUP` (0x2000): the peer shut down its sending side. Glibc's overlay does not
    /// export it (it is behind `_GNU_SOURCE`).
    static let pollRDHUP: Int16 = 0x2000

    /// Starts a non-blocking connect to 127.0.0.1:`port`; `tls` wraps it in TLS (SNI
    /// `localhost`). `greeting` is sent once the connection is up.
    init(port: Int, tls context: TLSContext?, greeting: [UInt8]) {
        self.greeting = greeting
        var tls: TLSConnection?
        var failure: String?
        if let context {
            do { tls = try TLSConnection(context: context, serverName: "localhost") } catch { failure = "TLS setup: \(error)" }
        }
        self.tls = tls
        let fd =
            failure == nil
            ? socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) : -1
        self.fd = fd
        phase = .connecting
        if fd < 0 {
            fail(failure ?? "socket: \(String(cString: strerror(errno)))")
            return
        }
        var one: Int32 = 1
        // Small frames (a lone HEADERS, a PING) leave at once instead of waiting for Nagle.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc == 0 {
            connected()
        } else if errno != EINPROGRESS {
            fail("connect: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    /// Setup done and the server has not closed.
    var isOpen: Bool { phase == .open && !closedByServer && !closedLocally }

    /// Bytes queued but not yet taken by the socket.
    var pendingOutbound: Int { outbound.count - outboundOffset }

    /// The events to poll for; `reading: false` leaves data unread in the socket (the attacker
    /// "never reads") but still notices the server closing.
    func pollEvents(reading: Bool) -> Int16 {
        // Nothing more can happen on a socket at EOF, or one already known closed when we are
        // not reading: polling it would return at once, every time (a busy loop).
        if closedLocally || sawEOF || (closedByServer && !reading) { return 0 }
        let writable = pendingOutbound > 0 ? Int16(POLLOUT) : 0
        switch phase {
        case .connecting: return Int16(POLLOUT)
        case .handshaking: return Int16(POLLIN) | writable
        case .open: return (reading ? Int16(POLLIN) : 0) | writable | Self.pollRDHUP
        case .failed: return 0
        }
    }

    /// Acts on what `poll` reported for this socket.
    func handle(revents: Int16, reading: Bool) {
        guard revents != 0, !closedLocally else { return }
        let hangup = Int16(POLLHUP) | Int16(POLLERR) | Self.pollRDHUP
        switch phase {
        case .connecting:
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                fail("connect: \(String(cString: strerror(error)))")
            } else {
                connected()
            }
        case .handshaking, .open:
            if revents & Int16(POLLOUT) != 0 { flush() }
            if reading || phase == .handshaking {
                if revents & (Int16(POLLIN) | hangup) != 0 { readAvailable() }
            } else if revents & hangup != 0 {
                noteServerClosed()
            }
        case .failed:
            break
        }
    }

    /// Queues bytes (encrypting them under TLS) and writes what the socket takes now.
    func send(_ bytes: [UInt8]) {
        guard phase == .open, !closedByServer, !closedLocally else { return }
        if firstSendAt == nil { firstSendAt = .now }
        bytesSent += bytes.count
        if let tls {
            let failed = bytes.withUnsafeBytes { raw -> String? in
                do throws(TLSError) { try tls.writePlaintext(raw) } catch { return "\(error)" }
                return nil
            }
            tls.drainCiphertext(into: &outbound)
            if let failed { failure = "TLS: \(failed)" }
        } else {
            outbound.append(contentsOf: bytes)
        }
        flush()
    }

    /// Writes queued bytes until the socket would block. A write error means the server is gone.
    func flush() {
        while pendingOutbound > 0, !closedLocally {
            let offset = outboundOffset
            let n = outbound.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                outboundOffset += n
                bytesWritten += n
                continue
            }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
            discardOutbound()
            noteServerClosed()
            return
        }
        if pendingOutbound == 0 { discardOutbound() }
    }

    /// Drops everything not yet written (the attack is over, or the server is gone).
    func discardOutbound() {
        outbound.removeAll(keepingCapacity: true)
        outboundOffset = 0
    }

    /// Reads what is there (at most `limit` bytes, so a flood of responses cannot keep one
    /// attacker thread reading forever) and feeds it to the reader.
    func readAvailable(limit: Int = 8 << 20) {
        guard fd >= 0, !closedLocally, !sawEOF else { return }
        withUnsafeTemporaryAllocation(byteCount: 64 << 10, alignment: 16) { scratch in
            var total = 0
            while total < limit, !sawEOF {
                let n = recv(fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
                if n > 0 {
                    total += n
                    ingest(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                    continue
                }
                if n < 0, errno == EINTR { continue }
                if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
                sawEOF = true  // 0: EOF; otherwise ECONNRESET and the like
                noteServerClosed()
            }
        }
    }

    /// Hands over the plaintext received so far (with `keepsPlaintext`).
    func takePlaintext() -> [UInt8] {
        defer { plaintextIn.removeAll(keepingCapacity: true) }
        return plaintextIn
    }

    /// Closes the socket (idempotent).
    func close() {
        guard fd >= 0, !closedLocally else { return }
        closedLocally = true
        Glibc.close(fd)
    }

    /// What this connection saw, for the report; `cut` says the attacker stopped it at the
    /// deadline (so the server may not have had the chance to react yet).
    func outcome(cut: Bool) -> ConnectionOutcome {
        var outcome = ConnectionOutcome()
        outcome.connectFailed = phase != .open
        outcome.goAway = reader.goAway.map { ($0.lastStreamID, $0.errorCode) }
        outcome.closedByServer = closedByServer
        outcome.cutByDeadline = cut && !closedByServer && reader.goAway == nil
        outcome.resets = reader.resets
        outcome.headerFrames = reader.headerFrames
        let reactedAt = [reader.goAwayAt, closedAt].compactMap { $0 }.min()
        if let reactedAt { outcome.reactionAfter = reactedAt - (firstSendAt ?? startedAt) }
        outcome.failure = failure
        return outcome
    }

    // MARK: Setup

    private func connected() {
        if tls == nil {
            becomeOpen()
        } else {
            phase = .handshaking
            advanceHandshake()  // the client speaks first: ClientHello
        }
    }

    private func becomeOpen() {
        phase = .open
        if !greeting.isEmpty { send(greeting) }
    }

    private func advanceHandshake() {
        guard let tls else { return }
        do {
            let done = try tls.handshake()
            tls.drainCiphertext(into: &outbound)
            flush()
            if done { becomeOpen() }
        } catch {
            tls.drainCiphertext(into: &outbound)
            flush()
            fail("TLS handshake: \(error)")
        }
    }

    private func fail(_ message: String) {
        if failure == nil { failure = message }
        phase = .failed
    }

    private func noteServerClosed() {
        guard !closedLocally, !closedByServer else { return }
        closedByServer = true
        closedAt = .now
    }

    private func ingest(_ bytes: UnsafeRawBufferPointer) {
        guard let tls else {
            deliver(bytes)
            return
        }
        tls.receiveCiphertext(bytes)
        if phase == .handshaking {
            advanceHandshake()
            guard phase == .open else { return }
        }
        var plaintext: [UInt8] = []
        do {
            reading: while true {
                plaintext.removeAll(keepingCapacity: true)
                let result = try tls.readPlaintext(into: &plaintext, maxBytes: 64 << 10)
                plaintext.withUnsafeBytes { deliver($0) }
                switch result {
                case .bytes: continue
                case .wantMoreCiphertext: break reading
                case .closed:
                    noteServerClosed()
                    break reading
                }
            }
        } catch {
            // An alert from the server (or garbage): it is done with us.
            if failure == nil { failure = "TLS: \(error)" }
            noteServerClosed()
        }
        if tls.hasPendingCiphertext {
            tls.drainCiphertext(into: &outbound)
            flush()
        }
    }

    private func deliver(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        reader.consume(bytes)
        if keepsPlaintext { plaintextIn.append(contentsOf: bytes) }
    }
}
