import Logging
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS

/// An `EntraSimulator` behind a real server: HTTPS with HTTP/2 and HTTP/1.1 (ALPN; msal and
/// msgraph-sdk's `requests`/`httpx` speak HTTP/1.1), or cleartext on loopback, on the project's
/// `RPCServer`.
///
/// Clients point both the authority (`https://<host>:<port>/<tenant>`) and Graph's base URL
/// (`https://<host>:<port>/v1.0`) at ``baseURL``.
///
/// ```swift
/// let pki = try TestPKI(serverName: "entra")
/// let server = try EntraSimulatorServer(simulator: simulator,
///     tls: TLSContext(server: pki.serverConfiguration(clientCertificate: .none)), logger: logger)
/// try server.start()
/// ...
/// await server.shutdown()
/// ```
public final class EntraSimulatorServer: SimulatorServing {
    /// The simulator that answers the requests.
    public let simulator: EntraSimulator
    private let http: SimulatorHTTPServer<EntraSimulatorServerError>

    /// The underlying server (run it as a `RPCServerService` in a service group).
    public var server: RPCServer { http.server }

    /// Makes the server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - tls: the server's TLS context; nil = cleartext, refused by ``start()`` unless `host`
    ///     is a loopback address.
    ///   - eventLoops: event loop threads (default 1: the simulator is a test peer).
    public init(
        simulator: EntraSimulator, host: String = "127.0.0.1", port: Int = 0, tls: TLSContext?, eventLoops: Int = 1,
        logger: Logger
    ) throws(EntraSimulatorServerError) {
        self.simulator = simulator
        // The transport refuses bodies over 4 MiB (413, plain text) before the simulator sees
        // them; up to there the simulator answers in Graph's shape (see `maxBodySize`).
        http = try SimulatorHTTPServer(
            host: host, port: port, tls: tls, eventLoops: eventLoops, maxMessageSize: 4 << 20, logger: logger,
            started: { simulator.setBaseURL($0) },
            handler: { request in await simulator.handle(request) })
    }

    /// Binds and starts serving, and tells the simulator the bound address (for links in answers
    /// to requests without `Host`); returns that address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(EntraSimulatorServerError) -> SocketAddress {
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

/// Why the simulator's server could not be created or started.
public struct EntraSimulatorServerError: SimulatorServerFailure, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error saying `message`.
    package init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
