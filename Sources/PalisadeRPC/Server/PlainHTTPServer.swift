import Logging
import PalisadeWire

/// A plain HTTP server (HTTP/1.1 and HTTP/2, cleartext or TLS) on the RPC server's runtime: the
/// same event loops, connection cap, timeouts, request bounds and graceful drain, serving one
/// `HTTPRequestHandler` and no RPC methods.
///
/// For what is not an RPC API and is reached by ordinary HTTP clients: a service's
/// `metrics.listen` endpoint (Prometheus scrapes over HTTP/1.1), the CLI's OAuth redirect
/// catcher (a browser). Unlike `RPCServer`, cleartext is allowed on any address, because a
/// Prometheus on another host scrapes with plain `http://` and nothing here is a method.
///
/// ```swift
/// var configuration = RPCServerConfiguration(host: "0.0.0.0", port: 9101, security: .plaintext)
/// let server = try PlainHTTPServer(configuration: configuration, logger: logger) { request in
///     HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("ok\n".utf8))
/// }
/// let address = try server.start()
/// ```
public final class PlainHTTPServer: Sendable {
    private let server: RPCServer

    /// Settings for a small plain endpoint on `host:port`, cleartext: one event loop of its own
    /// that also runs the handler (it answers while the process's cooperative pool is busy, so
    /// the handler must be quick), `maxConnections`, requests of at most `maxRequestBytes` (heads
    /// of at most 16 KiB) whose head must arrive within 5 s, and a 2 s drain at shutdown.
    public static func endpointConfiguration(
        host: String, port: Int, maxConnections: Int, maxRequestBytes: Int
    ) -> RPCServerConfiguration {
        var configuration = RPCServerConfiguration(host: host, port: port, security: .plaintext)
        configuration.eventLoopCount = 1
        configuration.handlerExecution = .eventLoop
        configuration.maxConnections = maxConnections
        configuration.maxMessageSize = maxRequestBytes
        configuration.maxHeaderListSize = UInt32(clamping: min(maxRequestBytes, 16 << 10))
        configuration.firstRequestTimeout = .seconds(5)
        configuration.shutdownGracePeriod = .seconds(2)
        return configuration
    }

    /// Makes a server answering every request with `handler` (it replaces
    /// `configuration.httpHandler`); nothing is bound until ``start()``.
    public init(
        configuration: RPCServerConfiguration, logger: Logger, handler: @escaping HTTPRequestHandler
    ) throws(RPCError) {
        var configuration = configuration
        configuration.httpHandler = handler
        server = try RPCServer(
            configuration: configuration, services: [], authorizer: AllowListAuthorizer(), logger: logger, loop: nil,
            servesRPC: false)
    }

    /// The settings the server was made with.
    public var configuration: RPCServerConfiguration { server.configuration }

    /// Binds and starts accepting; returns the bound address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(RPCError) -> SocketAddress { try server.start() }

    /// The bound address, once started.
    public var localAddress: SocketAddress? { server.localAddress }

    /// Stops accepting and closes connections once their requests are answered (within the
    /// shutdown grace period). Idempotent; returns at once.
    public func beginGracefulShutdown() { server.beginGracefulShutdown() }

    /// Waits until every connection is closed after a shutdown began.
    public func waitUntilStopped() async { await server.waitUntilStopped() }

    /// Starts (if needed) and serves until the task is cancelled, then shuts down gracefully.
    public func run() async throws { try await server.run() }
}
