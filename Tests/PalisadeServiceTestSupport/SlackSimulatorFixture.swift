import Foundation
import Logging
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS
import Synchronization

/// A Slack simulator served over HTTPS, with the CA file Slack clients must trust in a test's
/// directory: the outside world of a connector under test, in this process or as a child
/// process.
///
/// The server can be stopped and started again on the same port, optionally with another
/// certificate, so a test can make Slack unreachable or misconfigured while the connector keeps
/// the base URL it was configured with.
public final class SlackSimulatorFixture: Sendable {
    /// The directory holding the CA file (and whatever else the test writes).
    public let directory: String
    /// The CA whose root signs the server's certificate; its `caFile` is what Slack clients are
    /// told to trust. Not the mesh's CA: Slack is outside the mesh.
    public let pki: MeshPKI
    /// The simulator behind the server: append entries, switch faults.
    public let simulator: SlackSimulator
    /// The port bound by the first start; later starts bind it again.
    public let port: Int
    /// `https://localhost:<port>`, both Slack base URLs. `localhost` is a name the server
    /// certificate carries.
    public let baseURL: String
    private let server: Mutex<SlackSimulatorServer?>
    private let logger: Logger
    /// Whether this fixture made `directory`, so ``shutdown()`` removes it.
    private let ownsDirectory: Bool

    /// `pki`'s root certificate (PEM) in `directory`.
    public var caFile: String { pki.caFile }

    /// Starts the simulator's server with `entries` in `scope`'s directory; the scope shuts it
    /// down at its end.
    public static func start(
        in scope: ServiceTestScope, entries: [SimEntry],
        configuration: SlackSimulatorConfiguration = .init(rateLimitPerMinute: 0)
    ) throws -> SlackSimulatorFixture {
        let fixture = try SlackSimulatorFixture(entries: entries, configuration: configuration, directory: scope.directory)
        scope.addCleanup { await fixture.shutdown() }
        return fixture
    }

    /// Creates a fresh temporary directory and starts the simulator's server with `entries`;
    /// ``shutdown()`` removes the directory.
    ///
    /// - Parameter directoryPrefix: names the directory, so one left behind says which kind of
    ///   test made it.
    public convenience init(entries: [SimEntry], configuration: SlackSimulatorConfiguration, directoryPrefix: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(directoryPrefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(entries: entries, configuration: configuration, directory: directory, ownsDirectory: true)
    }

    /// Starts the simulator's server with `entries`, its CA file in `directory`, which stays.
    public convenience init(entries: [SimEntry], configuration: SlackSimulatorConfiguration, directory: String) throws {
        try self.init(entries: entries, configuration: configuration, directory: directory, ownsDirectory: false)
    }

    private init(entries: [SimEntry], configuration: SlackSimulatorConfiguration, directory: String, ownsDirectory: Bool) throws {
        self.directory = directory
        self.ownsDirectory = ownsDirectory
        var logger = Logger(label: "slack-simulator-fixture")
        logger.logLevel = .critical
        self.logger = logger
        pki = try MeshPKI(directory: directory, serverName: "localhost", caFileName: "slack-ca.pem")
        simulator = SlackSimulator(configuration: configuration)
        simulator.append(entries)
        let first = try Self.makeServer(simulator: simulator, port: 0, certificate: pki.pki.server, pki: pki, logger: logger)
        port = first.port ?? 0
        baseURL = "https://localhost:\(port)"
        server = Mutex(first)
    }

    /// Stops the server (Slack unreachable: connections to `port` are refused until the next
    /// ``startServer(certificate:)``). Nothing happens when it is already stopped.
    public func stopServer() async {
        let running = server.withLock { current -> SlackSimulatorServer? in
            defer { current = nil }
            return current
        }
        await running?.shutdown()
    }

    /// Starts the server again on `port`, serving `certificate` (default: the valid one from
    /// `pki`). The server must be stopped.
    public func startServer(certificate: CertificateAuthority.Issued? = nil) throws {
        let started = try Self.makeServer(
            simulator: simulator, port: port, certificate: certificate ?? pki.pki.server, pki: pki,
            logger: logger)
        server.withLock { $0 = started }
    }

    /// A server certificate like the valid one (same names, same CA) whose validity ended a day
    /// ago, so a client that trusts the CA fails the handshake on the dates alone.
    public func expiredServerCertificate() throws -> CertificateAuthority.Issued {
        try pki.issue("localhost", validity: .seconds(86_400), notBefore: Date().addingTimeInterval(-2 * 86_400))
    }

    /// Stops the server, and removes the directory if this fixture made it.
    public func shutdown() async {
        await stopServer()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    private static func makeServer(
        simulator: SlackSimulator, port: Int, certificate: CertificateAuthority.Issued,
        pki: MeshPKI, logger: Logger
    ) throws -> SlackSimulatorServer {
        // No client certificates, as Slack.
        let tls = try TLSContext(
            server: .server(
                certificateChain: .pem(certificate.certificatePEM), privateKey: .pem(certificate.privateKeyPEM),
                trustRoots: pki.trustRoots, clientCertificate: .none))
        let server = try SlackSimulatorServer(simulator: simulator, port: port, tls: tls, logger: logger)
        try server.start()
        return server
    }
}
