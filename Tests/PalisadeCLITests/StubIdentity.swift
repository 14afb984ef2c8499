import Foundation
import Logging
import PalisadeIdentityService
import PalisadeMessages
import PalisadeRPC
import PalisadeTLS

/// The real `IdentityService` over a `MemoryIdentityProvider`, served on 127.0.0.1:0 over mutual
/// TLS with a test CA as an identity service is in a mesh (allow-lists checked), and the files an
/// operator's commands are given: the CA, and a certificate for `operator/test`.
final class StubIdentity {
    /// When the service says its actions completed: 2026-12-08T09:30:00Z.
    static let now = Date(timeIntervalSince1970: 1_796_722_200)

    /// The provider behind the service.
    let provider: MemoryIdentityProvider
    /// The port it listens on.
    let port: Int
    /// `--address`, `--ca`, `--cert`, `--key` and `--server-name` for a command.
    let clientArguments: [String]
    private let server: RPCServer
    private let log: ActionLog

    /// Writes the PKI files to `directory`, opens the action log there and starts serving.
    init(directory: String, provider: MemoryIdentityProvider) throws {
        self.provider = provider
        let pki = try TestPKI(serverName: "identity")
        let ca = directory + "/ca.pem"
        try pki.root.certificatePEM.write(toFile: ca, atomically: false, encoding: .utf8)
        let (cert, key) = (directory + "/operator-test.pem", directory + "/operator-test.key")
        try CertificateAuthority.write(try pki.issueClient(identity: "operator/test"), certificatePath: cert, keyPath: key)

        var logger = Logger(label: "stub-identity")
        logger.logLevel = .critical
        log = try ActionLog(path: directory + "/identity.sqlite")
        let service = IdentityService(provider: provider, log: log, logger: logger, now: { Self.now })
        var configuration = RPCServerConfiguration(
            host: "127.0.0.1", port: 0, security: .tls(try TLSContext(server: pki.serverConfiguration(clientCertificate: .required))))
        configuration.eventLoopCount = 1
        server = try RPCServer(configuration: configuration, services: [service], logger: logger)
        port = try server.start().port
        clientArguments = [
            "--address", "127.0.0.1:\(port)", "--ca", ca, "--cert", cert, "--key", key, "--server-name", "localhost",
        ]
    }

    /// Stops serving and closes the action log.
    func stop() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
        log.close()
    }
}
