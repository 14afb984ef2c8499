import Logging
import ServiceLifecycle

/// A service's long-running parts run in the background of this process, as a
/// `ServiceGroup` without signal handling: how in-process tests and benchmarks run a
/// `ServiceRuntime` without its server. ``shutdown()`` stops them in the same order as a
/// SIGTERM would.
///
/// ```swift
/// let parts = BackgroundServices(runtime.services, logger: logger)
/// defer { … }
/// await parts.shutdown()
/// ```
public final class BackgroundServices: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Starts `services`. A part that fails ends the others, and the failure is logged.
    public init(_ services: [any Service], logger: Logger) {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        self.group = group
        task = Task {
            do {
                try await group.run()
            } catch {
                logger.error("background services failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Shuts the parts down gracefully, the last listed first, and waits until all stopped.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
