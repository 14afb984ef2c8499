import ArgumentParser
import Foundation
import Logging
import PalisadeEcho
import PalisadeRPC
import PalisadeService
import PalisadeTLS

/// `palisade-bench rpc-server`: serves `palisade.bench.v1.Echo` (and Health) until SIGTERM/SIGINT.
struct RPCServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-server",
        abstract: "Serve the echo service (raw payloads) for benchmarks and interop tests."
    )

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port (0 = any free port; the chosen one is printed).")
    var port: Int = 50051

    @Flag(name: .long, help: "Cleartext h2c (loopback only).")
    var plaintext = false

    @Option(name: .long, help: "Server certificate (PEM).")
    var cert: String?

    @Option(name: .long, help: "Server private key (PEM).")
    var key: String?

    @Option(name: .long, help: "CA that signs client certificates; when given, clients must present one.")
    var ca: String?

    @Option(name: .long, help: "Where handlers run: loop (the connection's event loop) or pool (global executor).")
    var handlers: String = "loop"

    @Option(name: .long, help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel: String = "notice"

    func validate() throws {
        guard handlers == "loop" || handlers == "pool" else {
            throw ValidationError("--handlers is loop or pool")
        }
        if plaintext, cert != nil || key != nil || ca != nil {
            throw ValidationError("--plaintext excludes --cert/--key/--ca")
        }
        if !plaintext, cert == nil || key == nil {
            throw ValidationError("TLS needs --cert and --key (or pass --plaintext on loopback)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystemSetup.bootstrap(service: "rpc-server", level: level)
        var logger = Logger(label: "palisade-bench.rpc-server")
        logger.logLevel = level
        let security: TransportSecurity
        if plaintext {
            security = .plaintext
        } else if let cert, let key {
            let configuration = TLSConfiguration.server(
                certificateChain: .file(cert), privateKey: .file(key),
                trustRoots: ca.map { .file($0) }, clientCertificate: ca == nil ? .none : .required)
            security = .tls(try TLSContext(server: configuration))
        } else {
            throw ValidationError("TLS needs --cert and --key (or pass --plaintext on loopback)")
        }
        var configuration = RPCServerConfiguration(host: host, port: port, security: security)
        configuration.handlerExecution = handlers == "pool" ? .globalPool : .eventLoop
        // A plain endpoint (HTTP/1.1 or HTTP/2), for the abuse suite's HTTP/1.1 attacks.
        configuration.httpHandler = { request in
            request.path == "/hello"
                ? HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("hello\n".utf8))
                : HTTPServerResponse(status: 404, contentType: "text/plain", body: Array("not found\n".utf8))
        }
        let server = try RPCServer(configuration: configuration, services: [EchoService()], logger: logger)
        let address = try server.start()
        // Written unbuffered: `palisade-bench rpc` reads the port from this line through a pipe.
        FileHandle.standardOutput.write(Data("listening on \(address) (\(plaintext ? "h2c" : "TLS"))\n".utf8))
        try await ServiceRunner.run([RPCServerService(server: server)], logger: logger)
    }
}
