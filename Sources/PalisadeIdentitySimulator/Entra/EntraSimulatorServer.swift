import Logging
import PalisadeRPC
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
public final class EntraSimulatorServer: Sendable {
    /// The simulator that answers the requests.
    public let simulator: EntraSimulator
    /// The underlying server (run it as a `RPCServerService` in a service group).
    public let server: RPCServer
    private let isTLS: Bool

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
        isTLS = tls != nil
        var configuration = RPCServerConfiguration(host: host, port: port, security: tls.map { .tls($0) } ?? .plaintext)
        configuration.eventLoopCount = max(1, eventLoops)
        // The transport refuses bodies over 4 MiB (413, plain text) before the simulator sees
        // them; up to there the simulator answers in Graph's shape (see `maxBodySize`).
        configuration.maxMessageSize = 4 << 20
        configuration.handlerExecution = .globalPool
        configuration.httpHandler = { request in await simulator.handle(request) }
        do {
            server = try RPCServer(configuration: configuration, services: [], logger: logger)
        } catch {
            throw EntraSimulatorServerError(message: "cannot create the server: \(error)")
        }
    }

    /// Binds and starts serving; returns the bound address (the real port when 0 was asked).
    @discardableResult
    public func start() throws(EntraSimulatorServerError) -> SocketAddress {
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            throw EntraSimulatorServerError(message: "cannot start: \(error)")
        }
        if let baseURL { simulator.setBaseURL(baseURL) }
        return address
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

/// Why the simulator's server could not be created or started.
public struct EntraSimulatorServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// The message.
    public var description: String { message }
}
