import ArgumentParser
import Dispatch
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix

/// `grpc-peer server`: serves `palisade.bench.v1.Echo` with grpc-swift-2's `GRPCServer` on the
/// HTTP/2 NIO Posix transport, all other settings at their defaults.
///
/// Prints `listening on HOST:PORT` (the bound port when `--port 0`) once bound, then serves
/// until SIGTERM or SIGINT, which start a graceful shutdown (forced after 5 s).
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Serve palisade.bench.v1.Echo until SIGTERM/SIGINT."
    )

    @Option(name: .long, help: "Port to listen on (0 = any free port; the bound one is printed).")
    var port: Int

    @Option(name: .long, help: "IPv4 address to listen on.")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Serve TLS (HTTP/2 over TLS, ALPN h2) instead of cleartext h2c.")
    var tls = false

    @Option(name: .long, help: "PEM certificate chain (with --tls).")
    var cert: String?

    @Option(name: .long, help: "PEM private key (with --tls).")
    var key: String?

    func validate() throws {
        if tls, cert == nil || key == nil {
            throw ValidationError("--tls needs --cert and --key")
        }
        if !tls, cert != nil || key != nil {
            throw ValidationError("--cert/--key need --tls")
        }
    }

    func run() async throws {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: host, port: port),
            transportSecurity: transportSecurity
        )
        let server = GRPCServer(transport: transport, services: [EchoService()])
        let trap = SignalTrap(signals: [SIGTERM, SIGINT]) {
            server.beginGracefulShutdown()
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            let address = try await server.transport.listeningAddress
            guard let ipv4 = address.ipv4 else {
                throw PeerError("unexpected listening address \(address)")
            }
            Output.line("listening on \(ipv4.host):\(ipv4.port)\(tls ? " (TLS)" : "")")
        }
        withExtendedLifetime(trap) {}
    }

    private var transportSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
        guard tls, let cert, let key else { return .plaintext }
        return .tls(
            certificateChain: [.file(path: cert, format: .pem)],
            privateKey: .file(path: key, format: .pem)
        )
    }
}

/// Turns termination signals into a callback (once), then forces an exit if the graceful
/// shutdown takes longer than `grace` (e.g. a client holding a stream open).
final class SignalTrap {
    private var sources: [any DispatchSourceSignal] = []

    /// Ignores the default action of `signals` and calls `onSignal` when the first arrives.
    init(signals: [Int32], grace: DispatchTimeInterval = .seconds(5), onSignal: @escaping @Sendable () -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                onSignal()
                DispatchQueue.global().asyncAfter(deadline: .now() + grace) {
                    Output.error("graceful shutdown timed out; exiting")
                    exit(0)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
