import PalisadeRPC
import ServiceLifecycle

/// Runs a started `PlainHTTPServer` (the metrics listener) in a service group until graceful
/// shutdown or cancellation, then drains it.
struct PlainHTTPServerService: Service {
    let server: PlainHTTPServer

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }
}
