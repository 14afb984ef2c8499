internal import CPosix
import Glibc

/// An error from a socket system call, naming the call and the address involved.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The `errno` value (0 when the failure was not a system call, e.g. a bad address).
    public let errno: Int32
    /// What failed, in words a person can act on.
    public let message: String

    init(_ call: String, errno: Int32 = CPosix_errno(), context: String = "") {
        self.errno = errno
        let reason = String(cString: strerror(errno))
        self.message = context.isEmpty ? "\(call): \(reason)" : "\(call) \(context): \(reason)"
    }

    init(message: String) {
        self.errno = 0
        self.message = message
    }

    public var description: String { message }
}

/// A resolved IPv4 or IPv6 socket address.
///
/// Parsing accepts numeric addresses only (`127.0.0.1`, `::1`, `0.0.0.0`) plus `localhost`:
/// the mesh is configured with addresses, and a blocking DNS lookup has no place on an event loop.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    var storage: sockaddr_storage
    var length: socklen_t

    /// Resolves `host` (numeric IPv4/IPv6, or `localhost`) and `port`.
    public init(host: String, port: Int) throws(SocketError) {
        guard (0...65535).contains(port) else {
            throw SocketError(message: "port \(port) is out of range 0...65535")
        }
        let name = host == "localhost" ? "127.0.0.1" : host.trimmingBrackets
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(port).bigEndian)
            sin.sin_addr = v4
            self.init(copying: sin)
        } else if inet_pton(AF_INET6, name, &v6) == 1 {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = in_port_t(UInt16(port).bigEndian)
            sin6.sin6_addr = v6
            self.init(copying: sin6)
        } else {
            throw SocketError(message: "'\(host)' is not a numeric IPv4/IPv6 address or localhost")
        }
    }

    /// `address` (a `sockaddr_in` or `sockaddr_in6`) in a `sockaddr_storage`, with its length.
    private init<Address>(copying address: Address) {
        var storage = sockaddr_storage()
        withUnsafeBytes(of: address) { raw in
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) }
        }
        self.init(storage: storage, length: socklen_t(MemoryLayout<Address>.size))
    }

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// The address family (`AF_INET` or `AF_INET6`).
    var family: Int32 { Int32(storage.ss_family) }

    /// The port number.
    public var port: Int {
        withUnsafeBytes(of: storage) { raw in
            // sin_port and sin6_port sit at the same offset (2) in both layouts.
            Int(UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self)))
        }
    }

    /// The numeric host (`127.0.0.1`, `::1`).
    public var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        withUnsafeBytes(of: storage) { raw in
            if family == AF_INET6 {
                var addr = raw.load(fromByteOffset: 8, as: in6_addr.self)
                _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
            } else {
                var addr = raw.load(fromByteOffset: 4, as: in_addr.self)
                _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether this is a loopback address (127.0.0.0/8 or ::1).
    public var isLoopback: Bool {
        let h = host
        return h.hasPrefix("127.") || h == "::1"
    }

    public var description: String { family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func == (a: SocketAddress, b: SocketAddress) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

extension String {
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}

/// Thin wrappers over the socket calls, each retrying `EINTR` and naming the call in errors.
enum Posix {
    static func makeSocket(family: Int32) throws(SocketError) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        return fd
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        // Failing to set an option (e.g. TCP_NODELAY on a socket that raced to close) is not
        // fatal: the connection either works without it or fails on its next read/write.
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    static func listen(on address: SocketAddress, backlog: Int32 = 1024) throws(SocketError) -> (fd: Int32, bound: SocketAddress) {
        let fd = try makeSocket(family: address.family)
        setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if address.family == AF_INET6 { setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
        var storage = address.storage
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
        }
        guard rc == 0 else {
            let error = SocketError("bind", context: "to \(address)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError("listen", context: "on \(address)")
            close(fd)
            throw error
        }
        return (fd, try localAddress(fd))
    }

    static func localAddress(_ fd: Int32) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw SocketError("getsockname") }
        return SocketAddress(storage: storage, length: length)
    }

    /// The outcome of one `accept4`.
    enum AcceptResult {
        case accepted(fd: Int32, peer: SocketAddress)
        /// Nothing (more) to accept right now.
        case none
        /// Out of descriptors or memory: the connection stays queued; stop polling for a while,
        /// or a level-triggered listener would wake the loop in a busy cycle.
        case exhausted(SocketError)
    }

    /// Accepts one pending connection.
    static func accept(_ fd: Int32) throws(SocketError) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    CPosix_accept4(fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if client >= 0 {
                setOption(client, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return .accepted(fd: client, peer: SocketAddress(storage: storage, length: length))
            }
            let err = CPosix_errno()
            switch err {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .none
            // The peer gave up between SYN and accept: try the next one.
            case ECONNABORTED, EPROTO: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(SocketError("accept4", errno: err))
            default: throw SocketError("accept4", errno: err)
            }
        }
    }

    /// Starts a non-blocking connect. Returns the socket; completion is signalled by writability.
    static func connect(to address: SocketAddress) throws(SocketError) -> Int32 {
        let fd = try makeSocket(family: address.family)
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        var storage = address.storage
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if rc != 0 && CPosix_errno() != EINPROGRESS {
            let error = SocketError("connect", context: "to \(address)")
            close(fd)
            throw error
        }
        return fd
    }

    /// The outcome of a finished non-blocking connect (`SO_ERROR`).
    static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return CPosix_errno() }
        return value
    }

    enum IOResult: Equatable { case bytes(Int), wouldBlock, eof }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .eof }
            let err = CPosix_errno()
            if err == EINTR { continue }
            if err == EAGAIN || err == EWOULDBLOCK { return .wouldBlock }
            throw SocketError("read", errno: err)
        }
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SocketError) -> IOResult {
        while true {
            let n = Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            let err = CPosix_errno()
            if err == EINTR { continue }
            if err == EAGAIN || err == EWOULDBLOCK { return .wouldBlock }
            throw SocketError("write", errno: err)
        }
    }
}
