import Foundation
import PalisadeRPC

/// Runs a server until SIGTERM or SIGINT, then shuts it down gracefully.
enum SignalHandling {
    static func runUntilSignalled(_ server: RPCServer) async throws {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
        for source in sources {
            source.setEventHandler { server.beginGracefulShutdown() }
            source.resume()
        }
        await server.waitUntilStopped()
        for source in sources { source.cancel() }
    }
}
