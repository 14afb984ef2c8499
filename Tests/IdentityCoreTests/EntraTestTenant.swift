import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS
import PalisadeTestSupport

/// An Entra simulator with a dozen people on its own HTTPS server, and the CA file its clients
/// trust: the tenant the in-process Entra tests talk to.
final class EntraTestTenant {
    let simulator: EntraSimulator
    let server: EntraSimulatorServer
    let directory: SimDirectory
    let base: String
    let caFile: String

    init(app: EntraApp, caFile: String) throws {
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 3, users: 12, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        directory = SimDirectory(organization: scenario.organization)
        let pki = try TestPKI(serverName: "localhost")
        simulator = EntraSimulator(
            configuration: EntraSimulatorConfiguration(directory: directory, apps: [app], pageSize: 5, deltaPageSize: 5))
        let tls = try TLSContext(
            server: .server(
                certificateChain: .pem(pki.server.certificatePEM), privateKey: .pem(pki.server.privateKeyPEM), trustRoots: pki.trustRoots,
                clientCertificate: .none))
        var logger = Logger(label: "entra-tenant")
        logger.logLevel = .critical
        server = try EntraSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        base = "https://localhost:\(try server.start().port)"
        simulator.setBaseURL(base)
        self.caFile = caFile
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
    }

    /// A member who may sign in.
    var member: DirectoryPerson? { directory.people.first { $0.status == .active && !$0.isAdmin } }

    func shutdown() async { await server.shutdown() }
}
