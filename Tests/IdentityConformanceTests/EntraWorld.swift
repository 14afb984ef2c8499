import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS

/// Entra's side: `EntraSimulator` (token endpoint and Graph on one HTTPS server, its own CA) and
/// `palisade-identity` configured from `deploy/identity.example.yaml`.
final class EntraWorld: IdentityWorld {
    let provider = "entra"
    let people: ConformancePeople
    let service: ServiceProcess
    let port: Int
    let simulator: EntraSimulator
    private let server: EntraSimulatorServer
    static let clientID = "7c0f3a52-5d1e-4f6a-9b2c-00000000c0fe"
    static let secret = "conformance-entra-secret"

    init(scope: ServiceTestScope, mesh: MeshPKI) async throws {
        people = try ConformancePeople.make()
        let pki = try MeshPKI(directory: scope.directory, serverName: "localhost", caFileName: "entra-ca.pem")
        var logger = Logger(label: "entra-simulator")
        logger.logLevel = .critical
        let app = EntraApp(clientID: Self.clientID, secrets: [EntraApp.Secret(Self.secret)])
        simulator = EntraSimulator(configuration: EntraSimulatorConfiguration(directory: people.directory, apps: [app]))
        server = try EntraSimulatorServer(simulator: simulator, tls: try simulatorTLS(pki), logger: logger)
        try server.start()
        let server = server
        scope.addCleanup { await server.shutdown() }
        let base = "https://localhost:\(server.port ?? 0)"
        simulator.setBaseURL(base)

        let files = try mesh.files(for: "identity")
        let secretFile = try scope.write("entra-secret", Self.secret + "\n")
        let config = try exampleConfig(
            "identity.example.yaml",
            replacing: [
                ("listen: 127.0.0.1:7105", "listen: 127.0.0.1:0"),
                ("certificate: /etc/palisade/tls/identity.pem", "certificate: \(files.certificate)"),
                ("key: /etc/palisade/tls/identity.key", "key: \(files.key)"),
                ("ca: /etc/palisade/tls/ca.pem", "ca: \(files.ca)"),
                ("database: /var/lib/palisade/identity.sqlite", "database: \(scope.file("identity.sqlite"))"),
                ("secretKeyFile: /var/lib/palisade/identity.key", "secretKeyFile: \(scope.file("identity.key"))"),
                ("tenant: contoso.onmicrosoft.com", "tenant: \(people.directory.domain)"),
                ("clientId: 00000000-0000-0000-0000-000000000000", "clientId: \(Self.clientID)"),
                ("clientSecretFile: /etc/palisade/entra-client-secret", "clientSecretFile: \(secretFile)"),
                ("senderMailbox: palisade-alerts@contoso.com", "senderMailbox: palisade-alerts@\(people.directory.domain)"),
                ("# authority: https://login.microsoftonline.com", "authority: \(base)"),
                ("# graph: https://graph.microsoft.com/v1.0", "graph: \(base)/v1.0"),
                ("# caFile: /etc/palisade/tls/entra-sim-ca.pem", "caFile: \(pki.caFile)"),
                ("# syncIntervalSeconds: 60", "syncIntervalSeconds: 5"),
            ])
        let path = try scope.write("identity.yaml", config)
        service = scope.process(
            executable: try locateProduct("palisade-identity"), name: "identity", environmentPrefix: "PALISADE_IDENTITY")
        port = try await service.launch(config: path)
        try String(config.replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:\(port)")).write(
            toFile: path, atomically: true, encoding: .utf8)
    }

    func id(of user: DirectoryPerson) -> String { user.entraID }

    func signInChanges(of user: DirectoryPerson) -> Int {
        simulator.inspect().changes.filter { $0.user == user.entraID && $0.what == "accountEnabled" }.count
    }

    func revocations(of user: DirectoryPerson) -> Int {
        simulator.inspect().revocations.filter { $0.user == user.entraID }.count
    }

    func notices(to user: DirectoryPerson) -> [(subject: String, text: String)] {
        simulator.inspect().mails.filter { $0.to.contains { $0.lowercased() == user.email.lowercased() } }.map { ($0.subject, $0.body) }
    }

    func providerCalls() -> Int { simulator.inspect().calls.count }

    func inject(_ fault: ConformanceFault) {
        switch fault {
        case .throttle(let count):
            simulator.setFaults([EntraFault(.throttled(retryAfterMilliseconds: 128), .range(1...count), scope: .all)])
        case .unavailable(let count, let status):
            simulator.setFaults([EntraFault(.serverError(status: status), .range(1...count), scope: .all)])
        case .slow(let count, let milliseconds):
            simulator.setFaults([EntraFault(.slow(.milliseconds(milliseconds)), .range(1...count), scope: .all)])
        case .html: simulator.setFaults([EntraFault(.htmlPage(status: 200), .always, scope: .graph)])
        case .truncated: simulator.setFaults([EntraFault(.truncated, .always, scope: .graph)])
        case .failing, .brokenTransfer: simulator.setFaults([EntraFault(.serverError(status: 500), .always, scope: .graph)])
        case .expireTokens: simulator.expireAllTokens()
        }
    }

    func clearFaults() { simulator.setFaults([]) }

    let deniedWriteCode = "Authorization_RequestDenied"

    func denyWrites() { _ = simulator.setRole("User.EnableDisableAccount.All", granted: false, clientID: Self.clientID) }

    func breakCredentials() {
        _ = simulator.expireSecrets(clientID: Self.clientID)
        simulator.expireAllTokens()
    }
}
