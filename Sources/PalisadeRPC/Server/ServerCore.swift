import Glibc
import Logging
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
    /// The listener's loop (the first), followed by the other connection loops.
    let loops: [EventLoop]
    var loop: EventLoop { loops[0] }

    private struct Registry {
        var connections: [ObjectIdentifier: LoopBound<ServerConnectionHandler>] = [:]
        var draining = false
        var listenerClosed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var done = false
        /// Accepted sockets on their way to another loop: shutdown waits for them too.
        var inTransit = 0
        var nextLoop = 0
    }
    private let registry = Mutex(Registry())

    init(configuration: RPCServerConfiguration, routes: [String: RPCRoute], authorizer: any RPCAuthorizer,
         logger: Logger, loops: [EventLoop]) {
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
    }

    var h2Settings: H2Session.Settings {
        var s = H2Session.Settings()
        s.maxConcurrentStreams = configuration.maxConcurrentStreams
        s.maxHeaderListSize = configuration.maxHeaderListSize
        return s
    }

    var isDraining: Bool { registry.withLock { $0.draining } }

    func authorize(route: RPCRoute, peer: PeerIdentity?) -> RPCError? {
        authorizer.authorize(route.method, allowedCallers: route.allowedCallers, peer: peer)
    }

    // MARK: Connections (called on the loop)

    /// Takes ownership of an accepted socket (on the listener's loop) and hands it to a loop,
    /// round robin: each connection lives on one loop for its whole life.
    func accept(fd: Int32, peer: SocketAddress) {
        let target = registry.withLock { r -> EventLoop in
            let target = loops[r.nextLoop % loops.count]
            r.nextLoop &+= 1
            if target !== loop { r.inTransit += 1 }
            return target
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
        let connection = Connection(loop: loop, fd: fd, peer: peer, role: .server, tls: tls,
                                    settings: h2Settings, connecting: false)
        let handler = ServerConnectionHandler(connection: connection, core: self)
        connection.delegate = handler
        let draining = registry.withLock { r -> Bool in
            r.connections[ObjectIdentifier(handler)] = LoopBound(handler, loop: loop)
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
            return Array(r.connections.values)
        }
    }

    /// The handlers still open (for the hard stop at the end of the grace period).
    func remaining() -> [LoopBound<ServerConnectionHandler>] {
        registry.withLock { Array($0.connections.values) }
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
