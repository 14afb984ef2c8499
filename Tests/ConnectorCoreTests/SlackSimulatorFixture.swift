import Foundation
import Logging
import PalisadeSlackSimulator
import PalisadeTLS
import Synchronization

/// A Slack simulator served over HTTPS, in a fresh temporary directory that holds the CA file
/// Slack clients must trust: the outside world that `ConnectorHarness` (connector in this
/// process) and `ConnectorProcessFixture` (connector as a child process) both start from.
///
/// The server can be stopped and started again on the same port, optionally with another
/// certificate, so a test can make Slack unreachable or misconfigured while the connector keeps
/// the base URL it was configured with.
final class SlackSimulatorFixture: Sendable {
    /// The test's temporary directory; removed by ``shutdown()``.
    let directory: String
    /// The PKI whose root signs the server's certificate.
    let pki: TestPKI
    /// `pki`'s root certificate (PEM) in `directory`: what Slack clients are told to trust.
    let caFile: String
    let simulator: SlackSimulator
    /// The port bound by the first start; later starts bind it again.
    let port: Int
    /// `https://localhost:<port>`, both Slack base URLs. `localhost` is a name the server
    /// certificate carries.
    let baseURL: String
    private let server: Mutex<SlackSimulatorServer?>
    private let logger: Logger

    /// Creates the directory and the PKI, and starts the simulator's server with `entries`.
    ///
    /// - Parameter directoryPrefix: the temporary directory's name before a UUID, so a directory
    ///   left behind says which kind of test made it.
    init(entries: [SimEntry], configuration: SlackSimulatorConfiguration, directoryPrefix: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(directoryPrefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "slack-simulator-fixture")
        logger.logLevel = .critical
        self.logger = logger

        pki = try TestPKI(serverName: "localhost")
        caFile = directory + "/slack-ca.pem"
        try pki.root.certificatePEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        simulator = SlackSimulator(configuration: configuration)
        simulator.append(entries)
        let first = try Self.makeServer(simulator: simulator, port: 0, certificate: pki.server, pki: pki, logger: logger)
        port = first.port ?? 0
        baseURL = "https://localhost:\(port)"
        server = Mutex(first)
    }

    /// Stops the server (Slack unreachable: connections to `port` are refused until the next
    /// ``startServer(certificate:)``). Nothing happens when it is already stopped.
    func stopServer() async {
        let running = server.withLock { current -> SlackSimulatorServer? in
            defer { current = nil }
            return current
        }
        await running?.shutdown()
    }

    /// Starts the server again on `port`, serving `certificate` (default: the valid one from
    /// `pki`). The server must be stopped.
    func startServer(certificate: CertificateAuthority.Issued? = nil) throws {
        let started = try Self.makeServer(simulator: simulator, port: port, certificate: certificate ?? pki.server, pki: pki,
                                          logger: logger)
        server.withLock { $0 = started }
    }

    /// A server certificate like the valid one (same names, same CA) whose validity ended a day
    /// ago, so a client that trusts the CA fails the handshake on the dates alone.
    func expiredServerCertificate() throws -> CertificateAuthority.Issued {
        try CertificateAuthority.issue(
            commonName: "localhost", uris: ["spiffe://palisade/localhost"], dnsNames: ["localhost"],
            ipAddresses: ["127.0.0.1", "::1"], validity: .seconds(86_400),
            notBefore: Date().addingTimeInterval(-2 * 86_400), issuer: pki.root)
    }

    /// Stops the server and removes the directory.
    func shutdown() async {
        await stopServer()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func makeServer(simulator: SlackSimulator, port: Int, certificate: CertificateAuthority.Issued,
                                   pki: TestPKI, logger: Logger) throws -> SlackSimulatorServer {
        // No client certificates, as Slack.
        let tls = try TLSContext(server: .server(
            certificateChain: .pem(certificate.certificatePEM), privateKey: .pem(certificate.privateKeyPEM),
            trustRoots: pki.trustRoots, clientCertificate: .none))
        let server = try SlackSimulatorServer(simulator: simulator, port: port, tls: tls, logger: logger)
        try server.start()
        return server
    }
}
