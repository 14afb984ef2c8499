import Logging
import PalisadeRPC
import PalisadeWire
import ServiceLifecycle
import UnixSignals

/// Serves a `ServiceRuntime` as configured: binds the RPC server (mutual TLS or loopback
/// cleartext, the configured limits, `GET /metrics`) and the optional metrics listener, logs
/// the start line, runs every part until SIGTERM or SIGINT, and shuts down in order.
///
/// Shutdown order: the runtime ends its endless calls (`beginShutdown`, e.g. log followers told
/// to resubscribe), the server drains (no new calls; in-flight ones finish), then the
/// metrics listener stops, then the runtime's services in reverse order, then the runtime
/// closes what they shared.
public struct ServiceHost<Configuration: ServiceConfiguration> {
    /// The service's short name (`connector`): the start line is "<name> started".
    public let name: String
    /// The validated configuration.
    public let configuration: Configuration
    /// The parts to serve and run.
    public let runtime: any ServiceRuntime
    /// The service's logger.
    public let logger: Logger

    /// Makes a host; nothing is bound until ``run()``.
    public init(name: String, configuration: Configuration, runtime: any ServiceRuntime, logger: Logger) {
        self.name = name
        self.configuration = configuration
        self.runtime = runtime
        self.logger = logger
    }

    /// Runs until a signal, then shuts down. Throws `StartupError` when the server or the
    /// metrics listener cannot start, and whatever ended a part that failed.
    public func run() async throws {
        defer { runtime.close() }
        let server = try makeServer()
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            throw StartupError(message: "'listen' \(configuration.listen): \(error.message)")
        }
        var parts = runtime.services
        var started: Logger.Metadata = [
            "listen": "\(address)", "tls": "\(configuration.tls.plaintext ? "plaintext" : "mtls")",
        ]
        if let metricsAddress = configuration.metrics.listen {
            let listener: PlainHTTPServer
            do throws(RPCError) {
                listener = try MetricsEndpoint.server(address: metricsAddress, logger: logger) { [runtime] in runtime.renderMetrics() }
                started["metrics"] = "\(try listener.start())"
            } catch {
                server.beginGracefulShutdown()
                await server.waitUntilStopped()
                throw StartupError(message: "'metrics.listen' \(metricsAddress): \(error.message)")
            }
            parts.append(PlainHTTPServerService(server: listener))
        }
        parts.append(RPCServerService(server: server) { [runtime] in runtime.beginShutdown() })
        logger.notice("\(name) started", metadata: started.merging(runtime.startMetadata) { ours, _ in ours })

        let group = ServiceGroup(
            configuration: .init(
                services: parts.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.notice("\(name) stopped", metadata: ["error": "\(error)"])
            throw error
        }
        logger.notice("\(name) stopped")
    }

    private func makeServer() throws(StartupError) -> RPCServer {
        let (security, authorizer) = try configuration.tls.serverSecurity()
        var server = RPCServerConfiguration(host: configuration.listen.host, port: configuration.listen.port, security: security)
        configuration.server.apply(to: &server)
        // Handlers touch SQLite and wait on other services: keep them off the event loops.
        server.handlerExecution = .globalPool
        server.httpHandler = MetricsEndpoint.handler { [runtime] in runtime.renderMetrics() }
        do {
            return try RPCServer(configuration: server, services: runtime.rpcServices, authorizer: authorizer, logger: logger)
        } catch {
            throw StartupError(message: "cannot make the RPC server: \(error)")
        }
    }
}
