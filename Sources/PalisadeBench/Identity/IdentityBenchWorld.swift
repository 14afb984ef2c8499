import Foundation
import IdentityCore
import Logging
import PalisadeIdentityService
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator
import PalisadeTLS
import ServiceLifecycle

/// `palisade-identity`'s runtime served in this process the way the executable serves it (mutual
/// TLS with the allow-list authorizer, handlers on the global pool), in front of an Entra
/// simulator on its own HTTPS server with `users` people. A throw-away CA in `directory` issues
/// every certificate.
final class IdentityBenchWorld {
    let simulator: EntraSimulator
    let people: [DirectoryPerson]
    let runtime: IdentityRuntime
    private let simulatorServer: EntraSimulatorServer
    private let server: RPCServer
    private let pki: TestPKI
    let port: Int

    init(users: Int, directory: String, logger: Logger) async throws {
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 5, users: users, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        let simDirectory = SimDirectory(organization: scenario.organization)
        people = simDirectory.people
        pki = try TestPKI(serverName: "localhost")
        let app = EntraApp(clientID: "b3nc0000-0000-4000-8000-0000000000be", secrets: [EntraApp.Secret("bench-secret")])
        simulator = EntraSimulator(
            configuration: EntraSimulatorConfiguration(directory: simDirectory, apps: [app], pageSize: 999, deltaPageSize: 999))
        let simulatorTLS = try TLSContext(
            server: .server(
                certificateChain: .pem(pki.server.certificatePEM), privateKey: .pem(pki.server.privateKeyPEM), trustRoots: pki.trustRoots,
                clientCertificate: .none))
        simulatorServer = try EntraSimulatorServer(simulator: simulator, tls: simulatorTLS, logger: logger)
        let base = "https://localhost:\(try simulatorServer.start().port)"
        simulator.setBaseURL(base)

        let files = TLSFiles(certificate: directory + "/identity.pem", key: directory + "/identity-key.pem", ca: directory + "/ca.pem")
        try pki.root.certificatePEM.write(toFile: files.ca, atomically: false, encoding: .utf8)
        try CertificateAuthority.write(pki.server, certificatePath: files.certificate, keyPath: files.key)
        let secretFile = directory + "/entra-secret"
        try "bench-secret".write(toFile: secretFile, atomically: false, encoding: .utf8)
        let configuration = EntraConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: files, database: directory + "/identity.sqlite",
            secretKeyFile: directory + "/identity.key",
            entra: EntraConfiguration.Entra(
                tenant: simDirectory.domain, clientId: app.clientID, clientSecretFile: secretFile,
                senderMailbox: "palisade-alerts@\(simDirectory.domain)",
                authority: base, graph: base + "/v1.0", caFile: files.ca, syncIntervalSeconds: 3_600, callBudgetSeconds: 120))
        runtime = try EntraIdentity.makeRuntime(configuration: configuration, logger: logger)
        let (security, authorizer) = try files.serverSecurity()
        var serverConfiguration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: security)
        serverConfiguration.handlerExecution = .globalPool
        server = try RPCServer(configuration: serverConfiguration, services: runtime.rpcServices, authorizer: authorizer, logger: logger)
        port = try server.start().port
    }

    /// Runs the runtime's long-running parts (the directory sync) until `body` returns.
    func running<T>(_ body: () async throws -> T) async throws -> T {
        let services = runtime.services
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for service in services { group.addTask { try? await service.run() } }
            }
        }
        defer { task.cancel() }
        return try await body()
    }

    /// A client over mutual TLS presenting `spiffe://palisade/<identity>`, on its own connection.
    func client(identity: String) throws -> RPCClient {
        let tls = try TLSContext(client: pki.clientConfiguration(identity: identity))
        return try RPCClient(configuration: .init(host: "127.0.0.1", port: port, security: .tls(tls), serverName: "localhost"))
    }

    func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
        await simulatorServer.shutdown()
        runtime.close()
    }
}
