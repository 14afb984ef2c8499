import Logging
import PalisadeRPC
import PalisadeTLS

/// The server every simulator runs behind (Slack, Entra, Okta): an `RPCServer` with no RPC
/// services and an `httpHandler`, HTTPS with ALPN `h2` and `http/1.1`, or cleartext on loopback.
///
/// Each simulator keeps its own public server type (`SlackSimulatorServer`, …) with its own error
/// type; they hold one of these, so the transport's setup is written once. `Failure` is that
/// public error type, so the typed throws pass through unchanged.
package final class SimulatorHTTPServer<Failure: SimulatorServerFailure>: Sendable {
    /// The underlying server (run it as a `RPCServerService` in a service group).
    package let server: RPCServer
    private let isTLS: Bool
    private let started: @Sendable (_ baseURL: String) -> Void

    /// Makes the server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - tls: the server's TLS context; nil = cleartext, refused by ``start()`` unless `host`
    ///     is a loopback address (the transport's rule).
    ///   - eventLoops: event loop threads (at least 1).
    ///   - maxMessageSize: the transport's body limit, when the simulator needs another than the
    ///     transport's default.
    ///   - started: called with ``baseURL`` once bound, for simulators whose answers carry links
    ///     to themselves (Entra's, Okta's).
    ///   - handler: the simulator's request handler; run on the global pool, because handlers
    ///     sleep (slow-answer faults) or copy for milliseconds, and other connections must go on.
    package init(
        host: String, port: Int, tls: TLSContext?, eventLoops: Int, maxMessageSize: Int? = nil, logger: Logger,
        started: @escaping @Sendable (_ baseURL: String) -> Void = { _ in },
        handler: @escaping HTTPRequestHandler
    ) throws(Failure) {
        isTLS = tls != nil
        self.started = started
        var configuration = RPCServerConfiguration(host: host, port: port, security: tls.map { .tls($0) } ?? .plaintext)
        configuration.eventLoopCount = max(1, eventLoops)
        if let maxMessageSize { configuration.maxMessageSize = maxMessageSize }
        configuration.handlerExecution = .globalPool
        configuration.httpHandler = handler
        do {
            server = try RPCServer(configuration: configuration, services: [], logger: logger)
        } catch {
            throw Failure(message: "cannot create the server: \(error)")
        }
    }

    /// Binds and starts serving, then hands ``baseURL`` to `started`; returns the bound address
    /// (the real port when 0 was asked).
    @discardableResult
    package func start() throws(Failure) -> SocketAddress {
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            throw Failure(message: "cannot start: \(error)")
        }
        if let baseURL { started(baseURL) }
        return address
    }

    /// The bound port, once started.
    package var port: Int? { server.localAddress?.port }

    /// `https://<host>:<port>` (or `http://` for cleartext), once started.
    package var baseURL: String? {
        guard let address = server.localAddress else { return nil }
        return (isTLS ? "https://" : "http://") + address.description
    }

    /// Serves until the task is cancelled, then shuts down gracefully.
    package func run() async throws {
        try await server.run()
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period) and waits.
    package func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

/// A simulator server's public error type: a message, made by ``SimulatorHTTPServer``.
package protocol SimulatorServerFailure: Error {
    /// An error saying `message`.
    init(message: String)
}

/// What the `palisade-sim` commands and the HTTPS tests need of a simulator's public server,
/// whichever simulator it serves.
package protocol SimulatorServing: Sendable {
    /// The underlying server.
    var server: RPCServer { get }
    /// The bound port, once started.
    var port: Int? { get }
    /// `https://<host>:<port>` (or `http://`), once started.
    var baseURL: String? { get }
    /// Binds and starts serving.
    func start() throws -> SocketAddress
    /// Stops gracefully and waits.
    func shutdown() async
}
