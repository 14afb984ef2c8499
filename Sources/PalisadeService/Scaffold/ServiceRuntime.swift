import Logging
import PalisadeRPC
import ServiceLifecycle

/// A service's parts, built from its configuration by the service's Core: what `ServiceHost`
/// serves and runs in the executable, and what in-process tests and `palisade-bench` drive
/// directly (with `BackgroundServices`), so the three never wire the parts differently.
public protocol ServiceRuntime: Sendable {
    /// The RPC services served on the configuration's `listen` address.
    var rpcServices: [any RPCService] { get }
    /// The long-running parts (workers, forwarders, followers). They run after the server
    /// listens and stop in the reverse of this order once it has drained, so list a part
    /// after the parts it feeds (workers after the forwarder that delivers their output).
    var services: [any Service] { get }
    /// What the start line says besides the addresses (database, peers); never a secret.
    var startMetadata: Logger.Metadata { get }
    /// The service's metrics in the Prometheus text format.
    func renderMetrics() -> [UInt8]
    /// Releases what the parts shared (clients, the database) after all of them stopped.
    func close()
    /// Called when a graceful shutdown begins, before the server drains: ends what would hold
    /// calls open through the drain, such as streams that follow new data without end.
    func beginShutdown()
}

extension ServiceRuntime {
    /// No long-running parts: a service that only answers calls.
    public var services: [any Service] { [] }
    /// Nothing beyond the addresses.
    public var startMetadata: Logger.Metadata { [:] }
    /// Nothing shared to release.
    public func close() {}
    /// No endless calls to end.
    public func beginShutdown() {}
}

extension ServiceRuntime where Self: RPCService {
    /// A runtime that is its own (only) RPC service.
    public var rpcServices: [any RPCService] { [self] }
}
