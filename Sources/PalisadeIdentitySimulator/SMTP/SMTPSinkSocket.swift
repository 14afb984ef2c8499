import Glibc

/// The few blocking POSIX socket calls the SMTP sink needs, with `errno` turned into a message.
///
/// Blocking sockets and a thread per connection keep the sink small: a session reads a line,
/// answers it, and waits again, with `poll` bounding every wait. The number of connections is
/// capped, so the number of threads is too.
enum SMTPSinkSocket {
    /// A socket call failed; `errno` in words.
    struct Failure: Error {
        let message: String

        init(_ call: String, _ code: Int32 = errno) {
            message = "\(call): \(String(cString: strerror(code)))"
        }
    }

    /// Binds and listens on `host:port` (an IPv4 or IPv6 literal, or `localhost`); returns the
    /// descriptor and the bound port.
    static func listen(host: String, port: Int, backlog: Int32 = 64) throws(Failure) -> (fd: Int32, port: Int) {
        let literal = host == "localhost" ? "127.0.0.1" : host.trimmingBrackets
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        } else if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(clamping: port).bigEndian)
        } else {
            throw Failure("'\(host)' is not an IPv4 or IPv6 address", EINVAL)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound =
            family == AF_INET
            ? withUnsafePointer(to: &v4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            : withUnsafePointer(to: &v6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        guard bound == 0 else {
            let failure = Failure("bind \(host):\(port)")
            close(fd)
            throw failure
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let failure = Failure("listen")
            close(fd)
            throw failure
        }
        var storage = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        // sin_port and sin6_port sit at the same offset, so either view reads the port.
        return (fd, Int(UInt16(bigEndian: storage.sin6_port)))
    }

    /// Waits for a connection; `nil` once the listening socket was shut down.
    static func accept(_ listener: Int32) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                // accept4 is not visible through Glibc's module; a child process must not inherit it.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return fd
            }
            // A connection that was reset while queued, or a signal: keep accepting.
            if errno == EINTR || errno == ECONNABORTED || errno == EPROTO { continue }
            if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                usleep(50_000)
                continue
            }
            return nil
        }
    }

    /// Waits up to `milliseconds` for `fd` to be readable; false on timeout.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready != 0
        }
    }

    /// Reads what is there (at most `buffer.count` bytes); 0 at end of stream.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw Failure("recv")
        }
    }

    /// Sends all of `bytes`; a peer that stops reading fails it after the send timeout.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                throw Failure("send")
            }
        }
    }

    /// Bounds how long one `send` may block, so a client that never reads cannot hold a thread.
    static func setSendTimeout(_ fd: Int32, milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}

extension String {
    /// `[::1]` → `::1`.
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
