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
public final class SlackSimulatorServer: Sendable {
    /// The simulator that answers the requests.
    public let simulator: SlackSimulator
    /// The underlying server (run it as a `RPCServerService` in a service group).
    public let server: RPCServer
    private let isTLS: Bool

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
        isTLS = tls != nil
        var configuration = RPCServerConfiguration(host: host, port: port, security: tls.map { .tls($0) } ?? .plaintext)
        configuration.eventLoopCount = max(1, eventLoops)
        // Assembling a 9,999-entry page is milliseconds of copying: off the event loop, so other
        // connections keep being served meanwhile.
        configuration.handlerExecution = .globalPool
        configuration.httpHandler = { request in await simulator.handle(request) }
        do {
            server = try RPCServer(configuration: configuration, services: [], logger: logger)
        } catch {
            throw SlackSimulatorServerError(message: "cannot create the server: \(error)")
        }
    }

    /// Binds and starts serving; returns the bound address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(SlackSimulatorServerError) -> SocketAddress {
        do {
            return try server.start()
        } catch {
            throw SlackSimulatorServerError(message: "cannot start: \(error)")
        }
    }

    /// The bound port, once started.
    public var port: Int? { server.localAddress?.port }

    /// `https://<host>:<port>` (or `http://` for cleartext), once started.
    public var baseURL: String? {
        guard let address = server.localAddress else { return nil }
        return (isTLS ? "https://" : "http://") + address.description
    }

    /// Serves until the task is cancelled, then shuts down gracefully.
    public func run() async throws {
        try await server.run()
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period) and waits.
    public func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

/// Why the simulator's server could not be created or started (address in use, cleartext on a
/// non-loopback address, …).
public struct SlackSimulatorServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// The message.
    public var description: String { message }
}
