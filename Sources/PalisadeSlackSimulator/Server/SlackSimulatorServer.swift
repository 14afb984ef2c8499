import Logging
import PalisadeRPC
import PalisadeTLS

/// A `SlackSimulator` behind a real server: HTTP/2 over TLS (OpenSSL, ALPN `h2`, no client
/// certificates, as Slack) or cleartext h2c on loopback, on the project's `RPCServer`.
///
/// Clients point both Slack base URLs at ``baseURL``: `<base>/audit/v1/…` for the Audit Logs
/// API and `<base>/api/…`, `<base>/oauth/v2/authorize` for the Web API and OAuth.
///
/// ```swift
/// let pki = try TestPKI(serverName: "slack")
/// let server = try SlackSimulatorServer(simulator: simulator,
///     tls: TLSContext(server: pki.serverConfiguration(clientCertificate: .none)), logger: logger)
/// let address = try server.start()   // https://127.0.0.1:<port>
/// ...
/// await server.shutdown()
/// ```
public final class SlackSimulatorServer: SimulatorServing {
    /// The simulator that answers the requests.
    public let simulator: SlackSimulator
    private let http: SimulatorHTTPServer<SlackSimulatorServerError>

    /// The underlying server (run it as a `RPCServerService` in a service group).
    public var server: RPCServer { http.server }

    /// Makes the server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - tls: the server's TLS context; nil = cleartext h2c, refused by ``start()`` unless
    ///     `host` is a loopback address.
    ///   - eventLoops: event loop threads (default 1: the simulator is a test peer and should
    ///     leave the other cores to the code under test).
    public init(
        simulator: SlackSimulator, host: String = "127.0.0.1", port: Int = 0, tls: TLSContext?,
        eventLoops: Int = 1, logger: Logger
    ) throws(SlackSimulatorServerError) {
        self.simulator = simulator
        // Assembling a 9,999-entry page is milliseconds of copying: off the event loop (the shared
        // server runs handlers on the global pool), so other connections keep being served meanwhile.
        http = try SimulatorHTTPServer(
            host: host, port: port, tls: tls, eventLoops: eventLoops, logger: logger,
            handler: { request in await simulator.handle(request) })
    }

    /// Binds and starts serving; returns the bound address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(SlackSimulatorServerError) -> SocketAddress {
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

/// Why the simulator's server could not be created or started (address in use, cleartext on a
/// non-loopback address, …).
public struct SlackSimulatorServerError: SimulatorServerFailure, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error saying `message`.
    package init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
