import Logging
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS

/// An `OktaSimulator` behind a real server on the project's `RPCServer`: TLS (OpenSSL) with
/// ALPN `h2` and `http/1.1` (Okta's Python SDK speaks HTTP/1.1 through aiohttp; libcurl picks
/// HTTP/2), or cleartext on loopback.
///
/// Clients use ``baseURL`` as the org URL (`orgUrl` of Okta's SDKs); the server makes the
/// simulator's `_links` and `Link` headers point at it.
///
/// ```swift
/// let pki = try TestPKI(serverName: "okta")
/// let server = try OktaSimulatorServer(simulator: simulator,
///     tls: TLSContext(server: pki.serverConfiguration(clientCertificate: .none)), logger: logger)
/// try server.start()   // https://127.0.0.1:<port>
/// ...
/// await server.shutdown()
/// ```
public final class OktaSimulatorServer: SimulatorServing {
    /// The simulator that answers the requests.
    public let simulator: OktaSimulator
    private let http: SimulatorHTTPServer<OktaSimulatorServerError>

    /// The underlying server (run it as a `RPCServerService` in a service group).
    public var server: RPCServer { http.server }

    /// Makes the server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - tls: the server's TLS context; nil = cleartext, refused by ``start()`` unless `host`
    ///     is a loopback address.
    ///   - eventLoops: event loop threads (default 1: the simulator is a test peer and should
    ///     leave the other cores to the code under test).
    public init(
        simulator: OktaSimulator, host: String = "127.0.0.1", port: Int = 0, tls: TLSContext?, eventLoops: Int = 1,
        logger: Logger
    ) throws(OktaSimulatorServerError) {
        self.simulator = simulator
        // A slow-answer fault sleeps in the handler: off the event loop (the shared server runs
        // handlers on the global pool), so other requests go on.
        http = try SimulatorHTTPServer(
            host: host, port: port, tls: tls, eventLoops: eventLoops, logger: logger,
            started: { simulator.setOrgURL($0) },
            handler: { request in await simulator.handle(request) })
    }

    /// Binds and starts serving, and points the simulator's links at the bound address; returns
    /// that address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(OktaSimulatorServerError) -> SocketAddress {
        try http.start()
    }

    /// The bound port, once started.
    public var port: Int? { http.port }

    /// `https://<host>:<port>` (or `http://` for cleartext), once started.
    public var baseURL: String? { http.baseURL }

    /// Serves until the task is cancelled, then shuts down gracefully.
    public func run() async throws {
        try await http.run()
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period) and waits.
    public func shutdown() async {
        await http.shutdown()
    }
}

/// Why the Okta simulator's server could not be created or started (address in use, cleartext
/// on a non-loopback address, …).
public struct OktaSimulatorServerError: SimulatorServerFailure, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error saying `message`.
    package init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
