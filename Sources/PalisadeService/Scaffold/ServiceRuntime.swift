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
    /// Called once when a graceful shutdown begins, before the server drains: ends the calls
    /// that never end by themselves (a stream following the log), which draining would
    /// otherwise wait for until its grace period runs out.
    func beginShutdown()
    /// Releases what the parts shared (clients, the database) after all of them stopped.
    func close()
}

extension ServiceRuntime {
    /// No long-running parts: a service that only answers calls.
    public var services: [any Service] { [] }
    /// Nothing beyond the addresses.
    public var startMetadata: Logger.Metadata { [:] }
    /// No endless calls to end.
    public func beginShutdown() {}
    /// Nothing shared to release.
    public func close() {}
}

extension ServiceRuntime where Self: RPCService {
    /// A runtime that is its own (only) RPC service.
    public var rpcServices: [any RPCService] { [self] }
}
