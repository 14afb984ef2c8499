internal import CPosix
internal import DequeModule
import Glibc
import PalisadeHTTP1
import PalisadeHTTP2
import PalisadeTLS
import PalisadeWire

/// What a connection reports to the protocol layer above it (server router or client).
protocol ConnectionDelegate: AnyObject {
    /// TLS (if any) is done and the HTTP/2 session exists.
    func connectionBecameActive(_ connection: Connection)
    /// Events recorded by the HTTP/2 session, in order.
    func connection(_ connection: Connection, received events: [H2Event])
    /// The connection is closed; `error` says why when it was not a clean close.
    func connectionClosed(_ connection: Connection, error: RPCError?)
    /// Events recorded by the HTTP/1.1 session of a server connection, in order.
    func connection(_ connection: Connection, receivedHTTP1 events: [H1Event])
    /// Every HTTP/1.1 byte queued with `sendHTTP1` has gone to the socket's side of the
    /// connection (the previous answer is out: the next request may be read).
    func connectionSentHTTP1Output(_ connection: Connection)
    /// The HTTP/1.1 peer closed its sending side (it may still read an answer).
    func connectionHTTP1InputEnded(_ connection: Connection)
}

extension ConnectionDelegate {
    func connection(_ connection: Connection, receivedHTTP1 events: [H1Event]) {}
    func connectionSentHTTP1Output(_ connection: Connection) {}
    func connectionHTTP1InputEnded(_ connection: Connection) { connection.close(nil) }
}

/// One TCP connection driven by an event loop: socket ⇄ (TLS) ⇄ HTTP/2 session, or, on a
/// server, HTTP/1.1 (`Connection+HTTP1.swift`) when ALPN chose it, the client offered no ALPN,
/// or a cleartext client's first bytes are not the HTTP/2 preface.
///
/// The driver owns the descriptor, the TLS state and the nghttp2 session, all confined to the
/// loop thread. Input is read until `EAGAIN`, fed through TLS into the session, and the recorded
/// events are handed to the delegate in one batch. Output is coalesced: everyone who changes the
/// session calls `flushLater`, and the loop serialises and writes once per iteration, so a
/// response's HEADERS, DATA and trailers usually leave in one `send`.
final class Connection: LoopSelectable, LoopFlushable {
    enum State { case connecting, handshaking, active, lingering, closed }

    /// Stop pulling frames out of nghttp2 while this much is unwritten: a peer that stops reading
    /// must not make us buffer without bound (HTTP/2 flow control then stops the handlers).
    static let outboundLimit = 256 << 10

    let loop: EventLoop
    let fd: Int32
    let peer: SocketAddress
    let role: H2Session.Role
    private let settings: H2Session.Settings
    private(set) var state: State
    private(set) var tls: TLSConnection?
    private(set) var session: H2Session?
    var delegate: (any ConnectionDelegate)?
    var outbound: [UInt8] = []
    var outboundOffset = 0
    var plaintext: [UInt8] = []

    /// A server's HTTP/1.1 bounds; nil when the connection speaks HTTP/2 only (clients).
    let http1Limits: H1Session.Limits?
    /// The HTTP/1.1 session, when that is what the peer speaks.
    var http1: H1Session?
    /// A cleartext server connection's first bytes, kept until they show which protocol it is.
    var sniffed: [UInt8]?
    /// HTTP/1.1 bytes waiting to go through TLS to the socket, in order.
    var http1Queue = Deque<ArraySlice<UInt8>>()
    /// Close (gracefully) once `http1Queue` and the socket buffer are empty.
    var closeAfterHTTP1Output = false
    private var flushScheduled = false
    private var pollingWritable = false
    var peerClosed = false
    var stoppedAtLimit = false

    /// The verified TLS identity of the peer, if it presented a certificate.
    var peerIdentity: PeerIdentity? { tls?.peerIdentity }

    init(
        loop: EventLoop, fd: Int32, peer: SocketAddress, role: H2Session.Role,
        tls: TLSConnection?, settings: H2Session.Settings, connecting: Bool, http1Limits: H1Session.Limits? = nil
    ) {
        self.loop = loop
        self.fd = fd
        self.peer = peer
        self.role = role
        self.tls = tls
        self.settings = settings
        self.http1Limits = http1Limits
        self.state = connecting ? .connecting : .handshaking
        outbound.reserveCapacity(64 << 10)
    }

    /// Registers with the loop and starts (waits for connect, or begins TLS / HTTP/2).
    func start() throws(SocketError) {
        loop.assertInLoop()
        if state == .connecting {
            pollingWritable = true
            try loop.register(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue, self)
        } else {
            try loop.register(fd, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue, self)
            beginHandshake()
        }
        // A peer that connects and then says nothing (or dribbles a handshake) must not hold a
        // descriptor forever.
        if state != .active {
            loop.schedule(at: MonotonicClock.after(Self.setupTimeout)) { [weak self] in
                guard let self, self.state != .active, self.state != .closed else { return }
                self.close(RPCError(.unavailable, "connection setup with \(self.peer) timed out"))
            }
        }
    }

    /// How long TCP connect + TLS handshake may take before the connection is dropped.
    static let setupTimeout: Duration = .seconds(10)

    private func beginHandshake() {
        state = .handshaking
        if tls == nil {
            becomeActive()
        } else if role == .client {
            // The client speaks first in TLS: produce the ClientHello.
            advanceTLS()
        }
    }

    private func becomeActive() {
        if let http1Limits, role == .server {
            if let tls {
                // TLS chose: `http/1.1` by ALPN, or no ALPN at all (TLSConnection reports that
                // as http/1.1 on a server that accepts it).
                if tls.negotiatedProtocol == "http/1.1" { http1 = H1Session(limits: http1Limits) }
            } else {
                sniffed = []
            }
        }
        if http1 == nil, sniffed == nil {
            guard startH2() else { return }
        }
        state = .active
        delegate?.connectionBecameActive(self)
        flushLater()
    }

    // MARK: Readiness

    func handleEvents(_ events: UInt32) {
        if state == .lingering {
            discardUntilEOF()
            return
        }
        if state == .connecting {
            guard events & (EPOLLOUT.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 else { return }
            let err = Posix.pendingError(fd)
            guard err == 0 else {
                close(RPCError(.unavailable, "connect to \(peer) failed: \(String(cString: strerror(err)))"))
                return
            }
            setPollingWritable(false)
            beginHandshake()
            flushNow()
            return
        }
        if readPaused, events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            // Not reading (see `readPaused`), yet the socket failed: nothing will drain it.
            close(RPCError(.unavailable, "connection to \(peer) was reset"))
            return
        }
        if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0 {
            readAvailable()
        }
        if state != .closed, state != .lingering, events & EPOLLOUT.rawValue != 0 {
            flushNow()
        }
    }

    /// Bytes read from one connection per readiness event. epoll is level-triggered, so what is
    /// left is read on the next turn of the loop, after the other connections, the handlers'
    /// jobs and the timers had theirs: a peer that keeps its socket full cannot hold the loop,
    /// and what its input made us queue (a GOAWAY, refusals) is written before more is read.
    static let readBudget = 128 << 10

    /// Input is fed to nghttp2 in slices of this size, with the events of each slice handled
    /// before the next: a decision taken on them (a GOAWAY after a reset flood) stops the rest
    /// of a large read from opening thousands more streams first.
    static let sessionSlice = 16 << 10

    private func readAvailable() {
        var taken = 0
        while state != .closed, state != .lingering, !terminating {
            if taken >= Self.readBudget {
                flushNow()
                return
            }
            if pendingOutbound >= Self.outboundLimit || (http1?.bufferedBytes ?? 0) >= Self.http1InputLimit {
                // The peer does not read what its requests made us write (or pipelines more
                // than we keep behind an unanswered request): read no more from it until it
                // does, so that its requests cannot pile up work, input and output here.
                setInterest(readPaused: true, pollingWritable: pollingWritable)
                return
            }
            let outcome = loop.readBuffer.withUnsafeMutableBytes { buffer in
                Result { () throws(SocketError) in try Posix.read(fd, into: buffer) }
            }
            guard case .success(let result) = outcome else {
                if case .failure(let error) = outcome {
                    close(RPCError(.unavailable, "connection to \(peer) failed: \(error.message)"))
                }
                return
            }
            switch result {
            case .bytes(let n):
                taken += n
                loop.readBuffer.withUnsafeBytes { ingest(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                // A short read drained the socket: epoll is level-triggered and will report
                // more data, so skip the read that would only say EAGAIN.
                if n < loop.readBuffer.count {
                    flushNow()
                    return
                }
            case .wouldBlock:
                flushNow()
                return
            case .eof:
                peerClosed = true
                if http1 != nil, let delegate {
                    // An HTTP/1.1 client may half-close after its request and still read the
                    // answer: read no more, and let the handler decide when to close.
                    setInterest(readPaused: true, pollingWritable: pollingWritable)
                    delegate.connectionHTTP1InputEnded(self)
                    flushNow()
                    return
                }
                flushNow()
                close(nil)
                return
            }
        }
    }

    private func ingest(_ bytes: UnsafeRawBufferPointer) {
        guard let tls else {
            feedSession(bytes)
            return
        }
        tls.receiveCiphertext(bytes)
        if !tls.isHandshakeComplete {
            advanceTLS()
            guard state == .active else { return }
        }
        do {
            while state == .active {
                plaintext.removeAll(keepingCapacity: true)
                let result = try tls.readPlaintext(into: &plaintext, maxBytes: 64 << 10)
                if !plaintext.isEmpty { plaintext.withUnsafeBytes { feedSession($0) } }
                switch result {
                case .bytes: continue
                case .wantMoreCiphertext: return
                case .closed:
                    peerClosed = true
                    return
                }
            }
        } catch {
            close(RPCError(.unavailable, "TLS error from \(peer): \(error)"))
        }
    }

    private func advanceTLS() {
        guard let tls else { return }
        do {
            let done = try tls.handshake()
            tls.drainCiphertext(into: &outbound)
            if done { becomeActive() } else { flushLater() }
        } catch {
            // Send whatever alert OpenSSL produced, so the peer learns why.
            tls.drainCiphertext(into: &outbound)
            linger(RPCError(.unavailable, "TLS handshake with \(peer) failed: \(error)"))
        }
    }

    /// Creates the HTTP/2 session; false (and the connection closed) when nghttp2 cannot.
    func startH2() -> Bool {
        do {
            session = try H2Session(role: role, settings: settings)
            return true
        } catch {
            close(RPCError(.internalError, "cannot create HTTP/2 session: \(error)"))
            return false
        }
    }

    func feedSession(_ bytes: UnsafeRawBufferPointer) {
        if http1 != nil || sniffed != nil {
            feedHTTP1OrSniff(bytes)
            return
        }
        guard let session else { return }
        var offset = 0
        while offset < bytes.count, state == .active, !terminating {
            let end = min(bytes.count, offset + Self.sessionSlice)
            do {
                try session.receive(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            } catch {
                deliverEvents()
                // nghttp2 can no longer write after a fatal error: tell the peer why ourselves,
                // after what is already serialised (`linger` writes it all). No `flushNow` here:
                // with the session failed it would close the connection before the GOAWAY.
                if let goAway = session.terminalGoAwayFrame { appendRaw(goAway) }
                linger(RPCError(.unavailable, "HTTP/2 protocol error from \(peer): \(error)"))
                return
            }
            offset = end
            deliverEvents()
        }
    }

    /// Queues bytes that bypass the session (a GOAWAY written after nghttp2 failed), through TLS.
    private func appendRaw(_ bytes: [UInt8]) {
        guard let tls else {
            outbound.append(contentsOf: bytes)
            return
        }
        let written = bytes.withUnsafeBytes { buffer in
            Result { () throws(TLSError) in try tls.writePlaintext(buffer) }
        }
        if case .success = written { tls.drainCiphertext(into: &outbound) }
    }

    /// Set by `terminate`: the connection reads nothing more and closes once its GOAWAY is out.
    private(set) var terminating = false

    /// Ends the connection because the peer misbehaved: GOAWAY with `errorCode` (nghttp2 names
    /// the last stream it processed), written at once, then the socket is half-closed and closed
    /// (`linger`), so the peer can read why before it sees the close. No further input is read.
    func terminate(errorCode: UInt32, _ reason: RPCError) {
        guard state == .active, !terminating, let session else { return }
        terminating = true
        try? session.goAway(errorCode: errorCode)
        produce(from: session)
        linger(reason)
    }

    private func deliverEvents() {
        guard let session else { return }
        let events = session.takeEvents()
        if !events.isEmpty { delegate?.connection(self, received: events) }
    }

    // MARK: Output

    /// Asks the loop to serialise and write this connection's output at the end of the iteration.
    func flushLater() {
        guard !flushScheduled, state != .closed, state != .lingering else { return }
        flushScheduled = true
        loop.flushLater(self)
    }

    func flushNow() {
        flushScheduled = false
        guard state != .closed, state != .lingering else { return }
        if state == .active, let session {
            produce(from: session)
        } else if state == .active, http1 != nil {
            produceHTTP1()
        }
        // Producing delivers events, and a delegate may close the connection on one (the last
        // stream of a draining connection): nothing may be written to a descriptor after that.
        guard state != .closed, state != .lingering else { return }
        writeOutbound()
        if state == .active, let session, !session.wantsRead, !session.wantsWrite, pendingOutbound == 0 {
            close(nil)
        }
        if state == .active, closeAfterHTTP1Output, http1Queue.isEmpty, pendingOutbound == 0 {
            closeGracefully()
        }
    }

    var pendingOutbound: Int { outbound.count - outboundOffset }

    private func produce(from session: H2Session) {
        do {
            while session.wantsWrite {
                if pendingOutbound >= Self.outboundLimit {
                    stoppedAtLimit = true
                    break
                }
                let before = outbound.count
                if let tls {
                    plaintext.removeAll(keepingCapacity: true)
                    try session.produceOutput(into: &plaintext, softLimit: 64 << 10)
                    guard !plaintext.isEmpty else { break }
                    try plaintext.withUnsafeBytes { buffer in
                        Result { () throws(TLSError) in try tls.writePlaintext(buffer) }
                    }.get()
                    tls.drainCiphertext(into: &outbound)
                } else {
                    try session.produceOutput(into: &outbound, softLimit: outboundOffset + Self.outboundLimit)
                }
                if outbound.count == before { break }
            }
        } catch {
            close(RPCError(.internalError, "cannot serialise HTTP/2 output to \(peer): \(error)"))
            return
        }
        // Producing output runs data providers, which report drained streams.
        deliverEvents()
    }

    private func writeOutbound() {
        guard state != .closed else { return }
        while pendingOutbound > 0 {
            let offset = outboundOffset
            let outcome = outbound.withUnsafeBytes { all in
                Result { () throws(SocketError) in try Posix.write(fd, UnsafeRawBufferPointer(rebasing: all[offset...])) }
            }
            guard case .success(let result) = outcome else {
                if case .failure(let error) = outcome {
                    close(RPCError(.unavailable, "write to \(peer) failed: \(error.message)"))
                }
                return
            }
            switch result {
            case .bytes(let n): outboundOffset += n
            case .wouldBlock, .eof:
                setPollingWritable(true)
                return
            }
        }
        outbound.removeAll(keepingCapacity: true)
        outboundOffset = 0
        // Everything is written: nothing to wait for, and a paused peer may be read again.
        setInterest(readPaused: false, pollingWritable: false)
        // The socket took everything: if we stopped pulling frames at the limit, come back for
        // the rest. (Not on `wantsWrite` alone: a stream blocked by flow control must not make
        // the loop spin.)
        if stoppedAtLimit, state == .active {
            stoppedAtLimit = false
            flushLater()
        }
    }

    /// Reads may stop for reasons other than output (pipelined HTTP/1.1 input): look again.
    func resumeReading() {
        setInterest(readPaused: false, pollingWritable: pollingWritable)
    }

    private func setPollingWritable(_ on: Bool) {
        setInterest(readPaused: readPaused, pollingWritable: on)
    }

    /// Reading stopped because too much output waits for the peer; resumes when it is written.
    private var readPaused = false

    /// Tells epoll what to report: input unless reading is paused, writability while output
    /// waits. Touches epoll only when that changes.
    private func setInterest(readPaused paused: Bool, pollingWritable writable: Bool) {
        guard paused != readPaused || writable != pollingWritable, state != .closed else { return }
        readPaused = paused
        pollingWritable = writable
        var events: UInt32 = 0
        if !paused { events |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if writable { events |= EPOLLOUT.rawValue }
        loop.modify(fd, events: events)
    }

    // MARK: Closing

    /// Closes after the peer has had a chance to read our last bytes (a TLS alert such as
    /// "certificate required"): write them, half-close, discard input until the peer closes
    /// or a short timeout. Closing at once with unread input would send a TCP reset, and the
    /// peer could lose the alert and report a bare "connection reset" instead of the reason.
    func linger(_ error: RPCError?) {
        guard state != .closed, state != .lingering else { return }
        writeOutbound()
        guard state != .closed else { return }
        // An alert is a few dozen bytes; if the socket did not take it whole, give up on it.
        if pendingOutbound > 0 {
            close(error)
            return
        }
        state = .lingering
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        pendingCloseError = error
        loop.schedule(at: MonotonicClock.after(.seconds(2))) { [weak self] in
            guard let self, self.state == .lingering else { return }
            self.finishClose()
        }
    }

    private var pendingCloseError: RPCError?

    private func discardUntilEOF() {
        // Bounded like `readAvailable`: a peer that keeps sending cannot hold the loop here.
        for _ in 0..<(Self.readBudget / loop.readBuffer.count) where state == .lingering {
            let outcome = loop.readBuffer.withUnsafeMutableBytes { buffer in
                Result { () throws(SocketError) in try Posix.read(fd, into: buffer) }
            }
            switch outcome {
            case .success(.bytes): continue
            case .success(.wouldBlock): return
            case .success(.eof), .failure: finishClose()
            }
        }
    }

    private func finishClose() {
        // Nothing more may be written after the half-close; close() tears down the rest.
        outbound.removeAll()
        outboundOffset = 0
        peerClosed = true
        close(pendingCloseError)
    }

    /// Closes the socket now (after a best-effort write of pending output) and tells the delegate.
    func close(_ error: RPCError?) {
        guard state != .closed else { return }
        if error == nil, let tls, !peerClosed {
            tls.close()
            tls.drainCiphertext(into: &outbound)
        }
        if pendingOutbound > 0 {
            let offset = outboundOffset
            _ = outbound.withUnsafeBytes { all in
                try? Posix.write(fd, UnsafeRawBufferPointer(rebasing: all[offset...]))
            }
        }
        // The descriptor number is free for the next accepted socket once closed: whatever is
        // left must never be written to it.
        outbound.removeAll()
        outboundOffset = 0
        state = .closed
        loop.unregister(fd)
        Glibc.close(fd)
        let delegate = self.delegate
        self.delegate = nil
        delegate?.connectionClosed(self, error: error)
    }
}
