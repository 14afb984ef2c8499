import ServiceLifecycle

/// Keeps a started `MetricsListener` until graceful shutdown, then stops it.
struct MetricsListenerService: Service {
    let listener: MetricsListener

    func run() async throws {
        // Cancellation ends the wait too (the group is going down): stop either way.
        try? await gracefulShutdown()
        listener.stop()
    }
}
