import Glibc
import Logging
import PalisadeHTTP1
import PalisadeHTTP2
import PalisadeTLS
import PalisadeWire
import Synchronization

/// The state an `RPCServer` shares with its connections: routes, limits, and the registry of
/// live connections used for graceful shutdown.
final class ServerCore: Sendable {
    let configuration: RPCServerConfiguration
    let routes: [String: RPCRoute]
    /// One logger per route with the method already in its metadata (built once, not per call).
    let routeLoggers: [String: Logger]
    let authorizer: any RPCAuthorizer
    let logger: Logger
    /// What all connections together may hold for their peers.
    let budget: MemoryBudget
    /// The listener's loop (the first), followed by the other connection loops.
    let loops: [EventLoop]
    var loop: EventLoop { loops[0] }

    /// A live connection as the registry sees it: its handler (used on its loop) and what any
    /// thread may read of it.
    private struct Registered {
        let handler: LoopBound<ServerConnectionHandler>
        let activity: ConnectionActivity
    }

    private struct Registry {
        var connections: [ObjectIdentifier: Registered] = [:]
        var draining = false
        var listenerClosed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var done = false
        /// Accepted sockets on their way to another loop: shutdown waits for them too.
        var inTransit = 0
        var nextLoop = 0
    }
    private let registry = Mutex(Registry())

    init(
        configuration: RPCServerConfiguration, routes: [String: RPCRoute], authorizer: any RPCAuthorizer,
        logger: Logger, loops: [EventLoop]
    ) {
        precondition(!loops.isEmpty, "a server needs at least one event loop")
        self.configuration = configuration
        self.routes = routes
        var loggers: [String: Logger] = [:]
        for path in routes.keys {
            var l = logger
            l[metadataKey: "method"] = "\(path)"
            loggers[path] = l
        }
        self.routeLoggers = loggers
        self.authorizer = authorizer
        self.logger = logger
        self.loops = loops
        self.connectionCap = Self.connectionCap(configuration)
        self.budget = MemoryBudget(limit: configuration.memoryBudget)
    }

    var h2Settings: H2Session.Settings {
        var s = H2Session.Settings()
        s.maxConcurrentStreams = configuration.maxConcurrentStreams
        s.maxHeaderListSize = configuration.maxHeaderListSize
        // nghttp2's own reset limiter answers INTERNAL_ERROR; ours (ServerConnectionHandler)
        // answers ENHANCE_YOUR_CALM and must trip first, so nghttp2's is only a backstop.
        let resets = configuration.streamResetLimit
        s.streamResetBurst = UInt64(resets.burst) * 2
        s.streamResetRatePerSecond = UInt64(max(resets.perSecond, 1))
        return s
    }

    /// What one HTTP/1.1 request may carry: the same head and body bounds as an HTTP/2 call.
    var http1Limits: H1Session.Limits {
        H1Session.Limits(maxHeadBytes: Int(configuration.maxHeaderListSize), maxBodyBytes: configuration.maxMessageSize)
    }

    /// Connections served at once: the configured cap, kept `descriptorReserve` below the
    /// process's descriptor limit (read once, at start).
    let connectionCap: Int

    private static func connectionCap(_ configuration: RPCServerConfiguration) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return max(1, configuration.maxConnections)
        }
        let available = Int(clamping: limit.rlim_cur) - max(0, configuration.descriptorReserve)
        return max(1, min(configuration.maxConnections, available))
    }

    var isDraining: Bool { registry.withLock { $0.draining } }

    func authorize(route: RPCRoute, peer: PeerIdentity?) -> RPCError? {
        authorizer.authorize(route.method, allowedCallers: route.allowedCallers, peer: peer)
    }

    // MARK: Connections (called on the loop)

    /// Takes ownership of an accepted socket (on the listener's loop) and hands it to a loop,
    /// round robin: each connection lives on one loop for its whole life.
    func accept(fd: Int32, peer: SocketAddress) {
        enum Admission { case admit(EventLoop), evict(EventLoop, LoopBound<ServerConnectionHandler>), refuse }
        let admission = registry.withLock { r -> Admission in
            var victim: LoopBound<ServerConnectionHandler>?
            if r.connections.count + r.inTransit >= connectionCap {
                guard let chosen = Self.evictionCandidate(r.connections.values) else { return .refuse }
                victim = chosen
            }
            let target = loops[r.nextLoop % loops.count]
            r.nextLoop &+= 1
            if target !== loop { r.inTransit += 1 }
            return victim.map { .evict(target, $0) } ?? .admit(target)
        }
        let target: EventLoop
        switch admission {
        case .refuse:
            // Every connection is busy: this one cannot be served without going past the cap.
            logger.warning(
                "refusing a connection: at the connection cap with none idle",
                metadata: ["peer": "\(peer)", "cap": "\(connectionCap)"])
            Glibc.close(fd)
            return
        case .admit(let loop):
            target = loop
        case .evict(let loop, let victim):
            victim.loop.execute { victim.value.evictIfIdle() }
            target = loop
        }
        if target === loop {
            adopt(fd: fd, peer: peer, on: target)
        } else {
            target.execute { [self] in
                adopt(fd: fd, peer: peer, on: target)
                let waiters = registry.withLock { r -> [CheckedContinuation<Void, Never>] in
                    r.inTransit -= 1
                    return takeWaitersIfDone(&r)
                }
                for w in waiters { w.resume() }
            }
        }
    }

    /// The connection to close for a new one at the cap: one that never made a request, else
    /// the one idle the longest; nil when all are busy. Claims it, so that it is chosen once.
    private static func evictionCandidate(_ connections: some Sequence<Registered>) -> LoopBound<ServerConnectionHandler>? {
        var best: (entry: Registered, neverServed: Bool, since: UInt64)?
        for entry in connections {
            guard let rank = entry.activity.evictionRank() else { continue }
            if let current = best,
                current.neverServed && !rank.neverServed || current.neverServed == rank.neverServed && current.since <= rank.idleSince
            {
                continue
            }
            best = (entry, rank.neverServed, rank.idleSince)
        }
        guard let best, best.entry.activity.claimForEviction() else { return nil }
        return best.entry.handler
    }

    /// Starts serving an accepted socket on `loop` (called on that loop).
    private func adopt(fd: Int32, peer: SocketAddress, on loop: EventLoop) {
        var tls: TLSConnection?
        if case .tls(let context) = configuration.security {
            do {
                tls = try TLSConnection(context: context, serverName: nil)
            } catch {
                logger.error("cannot start TLS for an accepted connection", metadata: ["error": "\(error)"])
                Glibc.close(fd)
                return
            }
        }
        let connection = Connection(
            loop: loop, fd: fd, peer: peer, role: .server, tls: tls,
            settings: h2Settings, connecting: false, http1Limits: http1Limits)
        let activity = ConnectionActivity(now: MonotonicClock.now)
        let handler = ServerConnectionHandler(connection: connection, core: self, activity: activity)
        connection.delegate = handler
        let draining = registry.withLock { r -> Bool in
            r.connections[ObjectIdentifier(handler)] = Registered(handler: LoopBound(handler, loop: loop), activity: activity)
            return r.draining
        }
        do {
            try connection.start()
        } catch {
            connection.close(RPCError(.unavailable, error.message))
            return
        }
        if draining { handler.beginDrain() }
    }

    func connectionClosed(_ handler: ServerConnectionHandler) {
        let waiters = registry.withLock { r -> [CheckedContinuation<Void, Never>] in
            r.connections[ObjectIdentifier(handler)] = nil
            return takeWaitersIfDone(&r)
        }
        for w in waiters { w.resume() }
    }

    func listenerClosed() {
        let waiters = registry.withLock { r -> [CheckedContinuation<Void, Never>] in
            r.listenerClosed = true
            return takeWaitersIfDone(&r)
        }
        for w in waiters { w.resume() }
    }

    private func takeWaitersIfDone(_ r: inout Registry) -> [CheckedContinuation<Void, Never>] {
        guard r.draining, r.listenerClosed, r.connections.isEmpty, r.inTransit == 0, !r.done else { return [] }
        r.done = true
        let waiters = r.waiters
        r.waiters = []
        return waiters
    }

    // MARK: Shutdown

    /// Starts draining every connection; returns the handlers to drain (on the loop).
    func beginDrain() -> [LoopBound<ServerConnectionHandler>] {
        registry.withLock { r in
            r.draining = true
            return r.connections.values.map(\.handler)
        }
    }

    /// The handlers still open (for the hard stop at the end of the grace period).
    func remaining() -> [LoopBound<ServerConnectionHandler>] {
        registry.withLock { $0.connections.values.map(\.handler) }
    }

    /// Waits until the listener and every connection are closed after a drain began.
    func waitUntilDrained() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = registry.withLock { r -> Bool in
                if r.done { return true }
                r.waiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }
}
