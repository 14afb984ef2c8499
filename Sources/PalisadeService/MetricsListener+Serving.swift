#if canImport(Glibc)
import Glibc
#endif

/// The serving thread of a ``MetricsListener``: a `poll(2)` loop over the listening socket, the
/// wake socket and the open connections, all non-blocking.
///
/// Touched only by its own thread once `run()` starts (it is handed over through
/// `pthread_create`), and owns every descriptor it holds: `run()` closes them all on its way out.
final class MetricsLoop {
    private let listenFD: Int32
    private let wakeFD: Int32
    private let limits: MetricsListener.Limits
    private let render: @Sendable () -> [UInt8]
    private var connections: [MetricsConnection] = []
    /// Set when `accept` ran out of descriptors: the pending connection stays queued and the
    /// listener stays readable, so polling it again at once would spin.
    private var acceptPausedUntil: ContinuousClock.Instant?
    private var readBuffer = [UInt8](repeating: 0, count: 4096)

    init(listenFD: Int32, wakeFD: Int32, limits: MetricsListener.Limits, render: @escaping @Sendable () -> [UInt8]) {
        self.listenFD = listenFD
        self.wakeFD = wakeFD
        self.limits = limits
        self.render = render
    }

    /// Serves until the wake socket becomes readable, then closes everything.
    func run() {
        var fds: [pollfd] = []
        while true {
            let now = ContinuousClock.now
            if let paused = acceptPausedUntil, paused <= now { acceptPausedUntil = nil }
            let accepting = connections.count < limits.maxConnections && acceptPausedUntil == nil
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: listenFD, events: accepting ? Int16(POLLIN) : 0, revents: 0))
            for connection in connections {
                let events = connection.phase == .writing ? Int16(POLLOUT) : Int16(POLLIN)
                fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), timeoutMillis(now: now))
            if ready < 0 {
                // EINTR is a signal for someone else; anything else (EFAULT, EINVAL, ENOMEM)
                // cannot be fixed by trying again at once, so wait a moment before retrying.
                if errno != EINTR { usleep(10_000) }
                continue
            }
            if fds[0].revents != 0 { break }
            // `connections` is unchanged since `fds` was built: index i + 2 is connection i.
            for (index, connection) in connections.enumerated() where fds[index + 2].revents != 0 {
                progress(connection)
            }
            let after = ContinuousClock.now
            for connection in connections where connection.phase != .closed && connection.deadline <= after {
                // Too slow to send its request or to take its response: dropped without a word.
                connection.close()
            }
            connections.removeAll { $0.phase == .closed }
            if fds[1].revents != 0 { acceptPending() }
        }
        closeAll()
    }

    /// Closes the listening socket, the wake socket's read end and every connection.
    func closeAll() {
        for connection in connections { connection.close() }
        connections.removeAll()
        close(listenFD)
        close(wakeFD)
    }

    /// Milliseconds until the earliest deadline (rounded up), or -1 to wait for events only.
    private func timeoutMillis(now: ContinuousClock.Instant) -> Int32 {
        var earliest = acceptPausedUntil
        for connection in connections where earliest.map({ connection.deadline < $0 }) ?? true {
            earliest = connection.deadline
        }
        guard let earliest else { return -1 }
        let (seconds, attoseconds) = now.duration(to: earliest).components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    /// Accepts while there is room; the rest wait in the kernel's queue for the next round.
    private func acceptPending() {
        while connections.count < limits.maxConnections {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO:
                    continue  // the client gave up before we got to it: try the next one
                case EAGAIN, EWOULDBLOCK:
                    return  // nothing more queued
                default:
                    // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM), or
                    // something unexpected: the listener stays readable, so back off briefly
                    // rather than spin.
                    acceptPausedUntil = ContinuousClock.now + .milliseconds(100)
                    return
                }
            }
            // accept4 is not in Glibc's overlay; the window before FD_CLOEXEC is harmless in a
            // service that never execs.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            connections.append(MetricsConnection(fd: fd, deadline: ContinuousClock.now + limits.requestTimeout))
        }
    }

    /// Reads, writes or drains as far as the socket allows right now.
    private func progress(_ connection: MetricsConnection) {
        switch connection.phase {
        case .reading: read(connection)
        case .writing: write(connection)
        case .draining: drain(connection)
        case .closed: break
        }
    }

    private func read(_ connection: MetricsConnection) {
        // Never read more than one byte past the limit: enough to know it was exceeded.
        let room = min(readBuffer.count, limits.maxHeadBytes + 1 - connection.head.count)
        let count = readBuffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, room, 0) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { return }
            connection.close()
            return
        }
        if count == 0 {
            // The client finished sending without completing a head: answer what it sent if
            // anything (it may still read), else it just went away.
            if connection.head.isEmpty {
                connection.close()
            } else {
                respond(connection, MetricsResponse.error(400, "Bad Request", isHead: false))
            }
            return
        }
        connection.head.append(contentsOf: readBuffer[..<count])
        switch connection.scan.advance(over: connection.head) {
        case .malformed:
            respond(connection, MetricsResponse.error(400, "Bad Request", isHead: false))
        case .complete(let end) where end <= limits.maxHeadBytes:
            respond(connection, MetricsResponse.answer(MetricsRequest.parse(connection.head[..<end]), render: render))
        case .complete:
            // Its end arrived in the one byte read past the limit.
            respond(connection, MetricsResponse.error(431, "Request Header Fields Too Large", isHead: false))
        case .needMore where connection.head.count > limits.maxHeadBytes:
            respond(connection, MetricsResponse.error(431, "Request Header Fields Too Large", isHead: false))
        case .needMore:
            break
        }
    }

    /// Starts writing `response`; the client gets the request timeout again to take it.
    private func respond(_ connection: MetricsConnection, _ response: [UInt8]) {
        connection.output = response
        connection.phase = .writing
        connection.deadline = ContinuousClock.now + limits.requestTimeout
        write(connection)
    }

    private func write(_ connection: MetricsConnection) {
        while connection.written < connection.output.count {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(connection.fd, bytes.baseAddress! + connection.written, bytes.count - connection.written, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return }
                connection.close()
                return
            }
            connection.written += sent
        }
        connection.output = []
        // Half-close and read until the client closes: closing with unread request bytes (a
        // body, an oversized head) would make the kernel send RST, which can destroy the
        // response before the client reads it. Bounded so a client that never closes cannot
        // keep the slot.
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.phase = .draining
        connection.deadline = min(connection.deadline, ContinuousClock.now + .seconds(1))
    }

    private func drain(_ connection: MetricsConnection) {
        let count = readBuffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
        if count > 0 || (count < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) { return }
        connection.close()
    }
}

/// One client connection of a ``MetricsLoop``; it owns `fd` until `close()`.
final class MetricsConnection {
    enum Phase { case reading, writing, draining, closed }

    let fd: Int32
    var phase = Phase.reading
    /// When the current phase must be over.
    var deadline: ContinuousClock.Instant
    /// The request head as received so far (at most `maxHeadBytes + 1` bytes).
    var head: [UInt8] = []
    var scan = MetricsHeadScan()
    /// The response, and how much of it has been sent.
    var output: [UInt8] = []
    var written = 0

    init(fd: Int32, deadline: ContinuousClock.Instant) {
        self.fd = fd
        self.deadline = deadline
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        _ = Glibc.close(fd)
    }
}
