import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS

/// Okta's side: `OktaSimulator` and an `SMTPSink` over HTTPS/STARTTLS with their own CA, and
/// `palisade-identity-okta` configured from `deploy/identity-okta.example.yaml`.
final class OktaWorld: IdentityWorld {
    let provider = "okta"
    let people: ConformancePeople
    let service: ServiceProcess
    let port: Int
    let simulator: OktaSimulator
    let sink: SMTPSink
    private let server: OktaSimulatorServer
    static let token = "00conformance-okta-token-000000000000000000"

    init(scope: ServiceTestScope, mesh: MeshPKI) async throws {
        people = try ConformancePeople.make()
        let pki = try MeshPKI(directory: scope.directory, serverName: "localhost", caFileName: "okta-ca.pem")
        var logger = Logger(label: "okta-simulator")
        logger.logLevel = .critical
        simulator = OktaSimulator(
            configuration: OktaSimulatorConfiguration(directory: people.directory, credentials: [.apiToken(Self.token)]))
        server = try OktaSimulatorServer(simulator: simulator, tls: try simulatorTLS(pki), logger: logger)
        try server.start()
        let server = server
        scope.addCleanup { await server.shutdown() }
        var smtp = SMTPSinkConfiguration()
        smtp.tls = try simulatorTLS(pki)
        smtp.requireTLS = true
        sink = SMTPSink(configuration: smtp)
        let smtpPort = try sink.start()
        let sink = sink
        scope.addCleanup { sink.stop() }

        let files = try mesh.files(for: "identity")
        let tokenFile = try scope.write("okta-token", Self.token + "\n")
        let config = try exampleConfig(
            "identity-okta.example.yaml",
            replacing: [
                ("listen: 127.0.0.1:7105", "listen: 127.0.0.1:0"),
                ("certificate: /etc/palisade/tls/identity.pem", "certificate: \(files.certificate)"),
                ("key: /etc/palisade/tls/identity.key", "key: \(files.key)"),
                ("ca: /etc/palisade/tls/ca.pem", "ca: \(files.ca)"),
                ("database: /var/lib/palisade/identity-okta.sqlite", "database: \(scope.file("identity-okta.sqlite"))"),
                ("secretKeyFile: /var/lib/palisade/identity-okta.key", "secretKeyFile: \(scope.file("identity-okta.key"))"),
                ("orgUrl: https://acme.okta.com", "orgUrl: https://localhost:\(server.port ?? 0)"),
                ("tokenFile: /etc/palisade/okta-token", "tokenFile: \(tokenFile)"),
                ("# caFile: /etc/palisade/tls/okta-sim-ca.pem", "caFile: \(pki.caFile)"),
                ("url: smtp://relay.acme.test:587", "url: smtp://localhost:\(smtpPort)"),
                ("from: palisade-alerts@acme.test", "from: palisade-alerts@\(people.directory.domain)\n  caFile: \(pki.caFile)"),
            ])
        let path = try scope.write("identity-okta.yaml", config)
        service = scope.process(
            executable: try locateProduct("palisade-identity-okta"), name: "identity", environmentPrefix: "PALISADE_IDENTITY_OKTA")
        port = try await service.launch(config: path)
        // Restarts keep the port (a kill -9 test calls the same address again).
        try String(config.replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:\(port)")).write(
            toFile: path, atomically: true, encoding: .utf8)
    }

    func id(of user: DirectoryPerson) -> String { user.oktaID }

    func signInChanges(of user: DirectoryPerson) -> Int {
        simulator.inspect().transitions.filter { $0.userID == user.oktaID && $0.via != "sim" }.count
    }

    func revocations(of user: DirectoryPerson) -> Int {
        simulator.inspect().sessionClears.filter { $0.userID == user.oktaID }.count
    }

    func notices(to user: DirectoryPerson) -> [(subject: String, text: String)] {
        sink.messages.filter { $0.recipients.contains { $0.lowercased() == user.email.lowercased() } }.map {
            let parsed = $0.parsed
            return (parsed.subject ?? "", parsed.textBody ?? "")
        }
    }

    func providerCalls() -> Int { simulator.inspect().calls.count }

    func inject(_ fault: ConformanceFault) {
        switch fault {
        case .throttle(let count): simulator.setFaults([OktaFault(.rateLimited(resetAfter: 0), .range(1...count))])
        case .unavailable(let count, let status): simulator.setFaults([OktaFault(.serverError(status: status), .range(1...count))])
        case .slow(let count, let milliseconds): simulator.setFaults([OktaFault(.slow(.milliseconds(milliseconds)), .range(1...count))])
        case .html: simulator.setFaults([OktaFault(.htmlPage(status: 200), .always)])
        case .truncated: simulator.setFaults([OktaFault(.truncated, .always)])
        case .failing: simulator.setFaults([OktaFault(.serverError(status: 500), .always)])
        case .brokenTransfer: simulator.setFaults([OktaFault(.brokenTransfer, .always)])
        case .expireTokens: break  // an API token does not expire
        }
    }

    func clearFaults() { simulator.setFaults([]) }

    let deniedWriteCode = "E0000006"

    func denyWrites() { simulator.addCredential(.apiToken(Self.token, readOnly: true)) }

    func breakCredentials() { simulator.revoke(token: Self.token) }
}

/// A product built next to the tests.
func locateProduct(_ product: String) throws -> String {
    guard let path = ServiceProcess.locate(product) else {
        throw FixtureFailure("\(product) is not built next to the tests: run `swift build` (same --scratch-path) first")
    }
    return path
}
