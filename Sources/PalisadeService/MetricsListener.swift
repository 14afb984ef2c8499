import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 listener that serves one thing: `GET /metrics` (and `HEAD /metrics`) for
/// Prometheus.
///
/// The services' RPC ports speak HTTP/2 only, and Prometheus scrapes with HTTP/1.1, so a
/// service that should be scraped runs one of these on a port of its own, the usual exporter
/// shape:
///
/// ```swift
/// let listener = MetricsListener(address: try ListenAddress(parsing: "127.0.0.1:9101")) {
///     metrics.render()
/// }
/// try listener.start()
/// // … serve …
/// listener.stop()
/// ```
///
/// | request | answer |
/// |---|---|
/// | `GET /metrics` (any query string) | 200, the body `render` returns, ``contentType`` |
/// | `HEAD /metrics` | 200, the same headers, no body |
/// | another path | 404 |
/// | another method on `/metrics` | 405 with `Allow: GET, HEAD` |
/// | a malformed request | 400 |
/// | a request head over ``Limits/maxHeadBytes`` | 431 |
/// | a version other than HTTP/1.x | 505 |
///
/// Every response carries `Connection: close` and the connection is closed after it.
///
/// **Threading.** One dedicated thread runs a `poll(2)` loop over the listening socket, a wake
/// socket (for ``stop()``) and the open connections, all non-blocking. A scrape is a few
/// hundred microseconds of work, so one thread serves a Prometheus or two with room to spare,
/// and nothing here competes with the service's own event loops or the cooperative pool.
/// `render` runs on that thread, one call at a time.
///
/// **Abusive clients.** A connection must deliver its whole request head within
/// ``Limits/requestTimeout`` of being accepted (a client that sends nothing or trickles bytes is
/// dropped), and take its response within the same time again. At most
/// ``Limits/maxConnections`` connections are open at once; further ones wait in the kernel's
/// accept queue (bounded by the listen backlog) rather than being refused, so a burst of
/// scrapes is served a little late instead of failing, and a handful of silent clients delays a
/// scrape by at most the request timeout (Prometheus' default scrape timeout is 10 s).
public final class MetricsListener: Sendable {
    /// The content type of the Prometheus text exposition format, version 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The bounds that keep a misbehaving client from costing more than a little memory and a
    /// few seconds.
    public struct Limits: Sendable, Hashable {
        /// The time a connection has to send its request head (counted from accept), and again
        /// to take its response. The default is 5 s.
        public var requestTimeout: Duration
        /// The connections served at once; the default is 16.
        public var maxConnections: Int
        /// The largest request head (request line and header fields) accepted; larger ones are
        /// answered 431. The default is 8 KiB.
        public var maxHeadBytes: Int

        /// Creates limits; the defaults suit production.
        public init(requestTimeout: Duration = .seconds(5), maxConnections: Int = 16, maxHeadBytes: Int = 8 * 1024) {
            self.requestTimeout = requestTimeout
            self.maxConnections = maxConnections
            self.maxHeadBytes = maxHeadBytes
        }
    }

    /// Where the listener binds (port 0 = a free port chosen by the system; see ``port``).
    public let address: ListenAddress
    /// The bounds applied to clients.
    public let limits: Limits
    private let render: @Sendable () -> [UInt8]
    private let state = Mutex<State>(.idle)

    private enum State {
        case idle
        /// `wakeFD` is the write end of the wake socket pair; this object owns it. The loop
        /// thread owns the listening socket, the read end and every connection.
        case running(thread: pthread_t, wakeFD: Int32, port: Int)
        case stopped
    }

    /// Creates a listener; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - address: where to listen. An empty host (`:9101`) and `0.0.0.0` mean every IPv4
    ///     interface, `[::]` every IPv6 one; a host name is resolved once, at ``start()``.
    ///   - limits: the bounds applied to clients.
    ///   - render: produces the body of each `GET /metrics` (also called for `HEAD`, for the
    ///     `Content-Length`). It runs on the listener's thread, so it must not capture the
    ///     listener itself (the thread would keep it alive).
    public init(address: ListenAddress, limits: Limits = Limits(), render: @escaping @Sendable () -> [UInt8]) {
        precondition(limits.maxConnections >= 1, "maxConnections must be at least 1")
        precondition(limits.maxHeadBytes >= 64, "maxHeadBytes must be at least 64")
        self.address = address
        self.limits = limits
        self.render = render
    }

    deinit {
        stop()
    }

    /// The port bound, once started (the real one when ``address`` asked for port 0).
    public var port: Int? {
        state.withLock { if case .running(_, _, let port) = $0 { return port } else { return nil } }
    }

    /// ``address`` with the port bound, once started; for logs and for clients in tests.
    public var boundAddress: ListenAddress? {
        port.flatMap { try? ListenAddress(host: address.host, port: $0) }
    }

    /// Binds ``address``, starts listening and starts the serving thread.
    ///
    /// - Throws: ``MetricsListenerError`` naming the address and the failed call, e.g. when the
    ///   port is in use, the host does not resolve, or the listener was started before (a
    ///   listener starts once; after ``stop()`` make a new one).
    public func start() throws(MetricsListenerError) {
        try state.withLock { (state: inout State) throws(MetricsListenerError) in
            guard case .idle = state else {
                let reason = if case .stopped = state { "the listener was stopped" } else { "the listener was already started" }
                throw MetricsListenerError(address: address, errno: 0, reason: reason)
            }
            let listenFD = try MetricsSockets.listen(on: address)
            let port: Int
            let pair: (read: Int32, write: Int32)
            do throws(MetricsListenerError) {
                port = try MetricsSockets.boundPort(listenFD, address: address)
                pair = try MetricsSockets.wakePair(address: address)
            } catch {
                close(listenFD)
                throw error
            }
            let loop = MetricsLoop(listenFD: listenFD, wakeFD: pair.read, limits: limits, render: render)
            let retained = Unmanaged.passRetained(loop).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(
                &thread, nil,
                { raw in
                    // The thread takes over the loop (and with it the descriptors it owns).
                    guard let raw else { return nil }
                    Unmanaged<MetricsLoop>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, retained)
            guard rc == 0 else {
                Unmanaged<MetricsLoop>.fromOpaque(retained).takeRetainedValue().closeAll()
                close(pair.write)
                throw MetricsListenerError(address: address, errno: rc, reason: "pthread_create: \(MetricsSockets.describe(rc))")
            }
            state = .running(thread: thread, wakeFD: pair.write, port: port)
        }
    }

    /// Stops listening, drops the connections being served, and waits for the serving thread
    /// to end: at most the time one `render` call takes. Idempotent; also done on deinit.
    public func stop() {
        let running = state.withLock { (state: inout State) -> (pthread_t, Int32)? in
            defer { state = .stopped }
            guard case .running(let thread, let wakeFD, _) = state else { return nil }
            return (thread, wakeFD)
        }
        guard let (thread, wakeFD) = running else { return }
        var byte: UInt8 = 1
        // Best effort: if the write fails the socket is broken, and closing our end below
        // wakes the loop just the same (its read end sees end-of-file).
        _ = send(wakeFD, &byte, 1, Int32(MSG_NOSIGNAL))
        if pthread_equal(thread, pthread_self()) != 0 {
            // Stopped from `render` (it captured the listener after all): the loop ends after
            // this iteration; joining ourselves would deadlock.
            pthread_detach(thread)
        } else {
            pthread_join(thread, nil)
        }
        close(wakeFD)
    }
}

/// A failure to start a ``MetricsListener``: the address, and the call that failed and why.
public struct MetricsListenerError: Error, Sendable, CustomStringConvertible {
    /// The address the listener was asked to bind.
    public let address: ListenAddress
    /// The `errno` (or `pthread_create` result) of the failed call, 0 when there was none.
    public let errno: Int32
    /// The failed call and the system's reason, e.g. `bind: Address already in use`.
    public let reason: String

    /// Creates an error.
    public init(address: ListenAddress, errno: Int32, reason: String) {
        self.address = address
        self.errno = errno
        self.reason = reason
    }

    /// `cannot serve metrics on 127.0.0.1:9101: bind: Address already in use`.
    public var description: String { "cannot serve metrics on \(address): \(reason)" }
}

/// The socket calls behind ``MetricsListener/start()``, each naming the call in its error.
enum MetricsSockets {
    /// A non-blocking, close-on-exec socket bound to `address` and listening.
    static func listen(on address: ListenAddress) throws(MetricsListenerError) -> Int32 {
        var (storage, length) = try resolve(address)
        let family = Int32(storage.ss_family)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure(address, "socket") }
        var on: Int32 = 1
        // A restarted service can bind again while the last run's connections sit in
        // TIME_WAIT; a port with a live listener still fails with EADDRINUSE.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 {
            // `[::]` means IPv6 only, as it does for the RPC listener.
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let error = failure(address, "bind")
            close(fd)
            throw error
        }
        // A small backlog: connections beyond `maxConnections` wait here, and a flood beyond
        // it is the kernel's to drop.
        guard Glibc.listen(fd, 64) == 0 else {
            let error = failure(address, "listen")
            close(fd)
            throw error
        }
        return fd
    }

    /// The port the kernel bound `fd` to.
    static func boundPort(_ fd: Int32, address: ListenAddress) throws(MetricsListenerError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw failure(address, "getsockname") }
        // sin_port and sin6_port sit at the same offset (2) in both layouts.
        return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
    }

    /// A connected pair for waking the loop: ``MetricsListener/stop()`` writes a byte to (or
    /// closes) the write end, and the loop's `poll` sees the read end readable.
    static func wakePair(address: ListenAddress) throws(MetricsListenerError) -> (read: Int32, write: Int32) {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw failure(address, "socketpair")
        }
        return (pair[0], pair[1])
    }

    /// The address to bind, through `getaddrinfo` so that numeric IPv4/IPv6 (with a zone), an
    /// empty host (every interface) and names all work. IPv4 is preferred when a name has both,
    /// so `localhost` is 127.0.0.1 as for the RPC listener.
    private static func resolve(_ address: ListenAddress) throws(MetricsListenerError) -> (sockaddr_storage, socklen_t) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc =
            address.host.isEmpty
            ? getaddrinfo(nil, String(address.port), &hints, &list)
            : getaddrinfo(address.host, String(address.port), &hints, &list)
        guard rc == 0, let list else {
            let reason = rc == 0 ? "no address" : String(cString: gai_strerror(rc))
            throw MetricsListenerError(address: address, errno: 0, reason: "resolving \(address.host): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var chosen: UnsafeMutablePointer<addrinfo>?
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            let family = entry.pointee.ai_family
            if family == AF_INET || family == AF_INET6, entry.pointee.ai_addr != nil {
                if chosen == nil || (family == AF_INET && chosen?.pointee.ai_family != AF_INET) { chosen = entry }
            }
            cursor = entry.pointee.ai_next
        }
        guard let chosen, let source = chosen.pointee.ai_addr else {
            throw MetricsListenerError(address: address, errno: 0, reason: "resolving \(address.host): no IPv4 or IPv6 address")
        }
        var storage = sockaddr_storage()
        let length = min(Int(chosen.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: source, count: length))
        }
        return (storage, socklen_t(length))
    }

    /// An error for the call that just failed, with `errno`'s text.
    static func failure(_ address: ListenAddress, _ call: String) -> MetricsListenerError {
        let code = errno
        return MetricsListenerError(address: address, errno: code, reason: "\(call): \(describe(code))")
    }

    /// `strerror` for `code`.
    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
