import Dispatch
import Logging
import PalisadeWire
import Synchronization

/// A gRPC-style server over HTTP/2 (nghttp2) and TLS (OpenSSL) on its own event loop.
///
/// Every server also answers `palisade.health.v1.Health/Check` (`SERVING`, or `NOT_SERVING`
/// once shutdown has begun), callable by any caller that passed the TLS handshake.
///
/// ```swift
/// let server = try RPCServer(
///     configuration: .init(host: "127.0.0.1", port: 0, security: .tls(context)),
///     services: [EchoService()], logger: logger)
/// let address = try server.start()
/// // ...
/// server.beginGracefulShutdown()
/// await server.waitUntilStopped()
/// ```
public final class RPCServer: Sendable {
    /// The settings the server was made with.
    public let configuration: RPCServerConfiguration
    private let core: ServerCore
    private let ownsLoop: Bool
    /// False for a `PlainHTTPServer`: no RPC methods (not even Health), cleartext on any address.
    private let servesRPC: Bool
    private let state = Mutex<State>(.idle)
    private enum State { case idle, running(LoopBound<Listener>, SocketAddress), stopping, stopped }

    /// Makes a server for `services`; nothing is bound until `start()`.
    public convenience init(
        configuration: RPCServerConfiguration, services: [any RPCService],
        authorizer: any RPCAuthorizer = AllowListAuthorizer(), logger: Logger,
        loop: EventLoop? = nil
    ) throws(RPCError) {
        try self.init(configuration: configuration, services: services, authorizer: authorizer, logger: logger, loop: loop, servesRPC: true)
    }

    init(
        configuration: RPCServerConfiguration, services: [any RPCService], authorizer: any RPCAuthorizer, logger: Logger,
        loop: EventLoop?, servesRPC: Bool
    ) throws(RPCError) {
        self.configuration = configuration
        self.servesRPC = servesRPC
        var routes: [String: RPCRoute] = [:]
        for route in services.flatMap(\.routes) {
            guard routes[route.method.path] == nil else {
                throw RPCError(.internalError, "method \(route.method) is registered twice")
            }
            routes[route.method.path] = route
        }
        var eventLoops: [EventLoop] = []
        do throws(SocketError) {
            if let loop {
                eventLoops = [loop]
            } else {
                for i in 0..<max(1, configuration.eventLoopCount) {
                    eventLoops.append(try EventLoop(name: "palisade-server-\(i)"))
                }
            }
        } catch {
            for l in eventLoops { l.shutdownGracefully() }
            throw RPCError(.internalError, "cannot start the event loop: \(error.message)")
        }
        ownsLoop = loop == nil
        let coreBox = Mutex<ServerCore?>(nil)
        if servesRPC, routes[HealthAPI.check.name.path] == nil {
            routes[HealthAPI.check.name.path] = .unary(HealthAPI.check) {
                (_: HealthCheckRequest, _) -> HealthCheckResponse in
                let draining = coreBox.withLock { $0?.isDraining ?? false }
                return HealthCheckResponse(status: draining ? .notServing : .serving)
            }
        }
        core = ServerCore(
            configuration: configuration, routes: routes, authorizer: authorizer,
            logger: logger, loops: eventLoops)
        coreBox.withLock { $0 = core }
    }

    /// Binds and starts accepting. Returns the bound address (with the real port when 0 was asked).
    @discardableResult
    public func start() throws(RPCError) -> SocketAddress {
        let idle = state.withLock { if case .idle = $0 { return true } else { return false } }
        guard idle else { throw RPCError(.failedPrecondition, "the server was already started") }
        let address: SocketAddress
        do {
            // An empty host (`listen: :7101`) means every IPv4 interface, as configuration documents.
            address = try SocketAddress(host: configuration.host.isEmpty ? "0.0.0.0" : configuration.host, port: configuration.port)
        } catch {
            throw RPCError(.invalidArgument, "listen address: \(error.message)")
        }
        if servesRPC, case .plaintext = configuration.security, !address.isLoopback {
            throw RPCError(
                .invalidArgument,
                "cleartext HTTP/2 is only allowed on a loopback address, not \(address): configure TLS")
        }
        let (fd, bound): (Int32, SocketAddress)
        do {
            (fd, bound) = try Posix.listen(on: address)
        } catch {
            throw RPCError(.unavailable, "cannot listen: \(error.message)")
        }
        let listener = Listener(fd: fd, address: bound, core: core)
        let started = Mutex<SocketError?>(nil)
        let box = LoopBound(listener, loop: core.loop)
        let semaphore = DispatchSemaphore(value: 0)
        core.loop.execute {
            do throws(SocketError) {
                try box.value.start()
                box.value.startTrimming()
            } catch {
                started.withLock { $0 = error }
            }
            semaphore.signal()
        }
        semaphore.wait()
        if let error = started.withLock({ $0 }) {
            throw RPCError(.unavailable, "cannot listen: \(error.message)")
        }
        state.withLock { $0 = .running(box, bound) }
        core.logger.info("server listening", metadata: ["address": "\(bound)", "tls": "\(core.isTLS)"])
        return bound
    }

    /// The bound address, once started.
    public var localAddress: SocketAddress? {
        state.withLock { if case .running(_, let a) = $0 { return a } else { return nil } }
    }

    /// Stops accepting, sends GOAWAY on every connection, lets in-flight calls finish for up to
    /// `shutdownGracePeriod`, then cancels the rest. Idempotent; returns at once.
    public func beginGracefulShutdown() {
        let listener = state.withLock { s -> LoopBound<Listener>? in
            guard case .running(let l, _) = s else {
                if case .idle = s { s = .stopped }
                return nil
            }
            s = .stopping
            return l
        }
        guard let listener else { return }
        let core = self.core
        let loop = core.loop
        let grace = configuration.shutdownGracePeriod
        loop.execute {
            // Mark draining first: closing the listener or the last connection is what
            // completes the shutdown, and each checks the flag.
            let handlers = core.beginDrain()
            listener.value.close()
            for handler in handlers { handler.loop.execute { handler.value.beginDrain() } }
            loop.schedule(at: MonotonicClock.after(grace)) {
                for handler in core.remaining() { handler.loop.execute { handler.value.forceClose() } }
            }
        }
    }

    /// Waits until shutdown has completed (all connections closed).
    public func waitUntilStopped() async {
        if state.withLock({ if case .stopped = $0 { return true } else { return false } }) { return }
        await core.waitUntilDrained()
        state.withLock { $0 = .stopped }
        if ownsLoop { for l in core.loops { l.shutdownGracefully() } }
    }

    /// Starts (if needed) and serves until the task is cancelled, then shuts down gracefully.
    public func run() async throws {
        if localAddress == nil { try start() }
        await withTaskCancellationHandler {
            await core.waitUntilDrained()
        } onCancel: {
            beginGracefulShutdown()
        }
        await waitUntilStopped()
    }
}

extension ServerCore {
    var isTLS: Bool {
        if case .tls = configuration.security { return true }
        return false
    }
}
