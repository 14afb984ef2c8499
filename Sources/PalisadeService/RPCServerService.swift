import Logging
import PalisadeRPC
import ServiceLifecycle
import UnixSignals

/// Runs an `RPCServer` as a swift-service-lifecycle `Service`.
///
/// Graceful shutdown of the group (SIGTERM/SIGINT) stops accepting, sends GOAWAY, and lets
/// in-flight calls finish within the server's grace period; cancellation does the same.
public struct RPCServerService: Service {
    /// The server run by this service.
    public let server: RPCServer
    /// Runs when the graceful shutdown begins, before the server stops accepting.
    private let beforeDrain: @Sendable () -> Void

    /// Wraps `server`; it is started by `run()` if it was not started already. `beforeDrain`
    /// runs once a graceful shutdown begins, before the server drains (ending endless streams).
    public init(server: RPCServer, beforeDrain: @escaping @Sendable () -> Void = {}) {
        self.server = server
        self.beforeDrain = beforeDrain
    }

    public func run() async throws {
        // `RPCServer.run` already starts, serves and shuts down on cancellation; the group's
        // graceful shutdown is the one more way in.
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            beforeDrain()
            server.beginGracefulShutdown()
        }
    }
}

/// Runs a service's parts until SIGTERM or SIGINT, then shuts them down gracefully.
public enum ServiceRunner {
    /// Runs `services` in one group: the first to finish or fail ends the others, and
    /// SIGTERM/SIGINT begin a graceful shutdown of all of them.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
