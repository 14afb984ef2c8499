import Foundation
import Logging
import PalisadeIdentityService
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator
import PalisadeTLS
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import IdentityCore

/// The certificate credential against the Entra simulator, which checks the assertion's
/// signature, thumbprint, audience and issuer: the app's own certificate gets a token, another
/// key is refused for good with the AADSTS code.
@Suite struct CertificateCredentialTests {
    private func runtime(
        appCertificate: CertificateAuthority.Issued, used: CertificateAuthority.Issued, in directory: borrowing TemporaryDirectory
    )
        async throws -> (IdentityRuntime, EntraSimulatorServer, SimDirectory)
    {
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 3, users: 12, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        let people = SimDirectory(organization: scenario.organization)
        let pki = try TestPKI(serverName: "localhost")
        let app = EntraApp(clientID: "c3e70000-0000-4000-8000-00000000cafe", certificatePEM: appCertificate.certificatePEM)
        let simulator = EntraSimulator(configuration: EntraSimulatorConfiguration(directory: people, apps: [app]))
        let tls = try TLSContext(
            server: .server(
                certificateChain: .pem(pki.server.certificatePEM), privateKey: .pem(pki.server.privateKeyPEM), trustRoots: pki.trustRoots,
                clientCertificate: .none))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = try EntraSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        let base = "https://localhost:\(try server.start().port)"
        simulator.setBaseURL(base)
        let ca = directory.file("ca.pem")
        try pki.root.certificatePEM.write(toFile: ca, atomically: false, encoding: .utf8)
        try CertificateAuthority.write(used, certificatePath: directory.file("app.pem"), keyPath: directory.file("app.key"))
        let configuration = EntraConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: TLSFiles(certificate: ca, key: ca, ca: ca),
            database: directory.file("identity.sqlite"), secretKeyFile: directory.file("identity.key"),
            entra: EntraConfiguration.Entra(
                tenant: people.domain, clientId: app.clientID, certificateFile: directory.file("app.pem"),
                privateKeyFile: directory.file("app.key"),
                authority: base, graph: base + "/v1.0", caFile: ca, callBudgetSeconds: 10))
        return (try EntraIdentity.makeRuntime(configuration: configuration, logger: logger), server, people)
    }

    @Test func theAppsCertificateGetsATokenAndAnotherKeyIsRefused() async throws {
        let directory = try TemporaryDirectory("entra-certificate")
        let certificate = try CertificateAuthority.createSelfSignedRSA(commonName: "palisade-app", validity: .seconds(86_400))
        let (runtime, server, people) = try await runtime(appCertificate: certificate, used: certificate, in: directory)
        let member = people.people.first { $0.status == .active && !$0.isAdmin }
        let person = try #require(member)
        let result = try await runtime.service.act(
            .requireSignIn, UserActionRequest(idempotencyKey: "c-1", email: person.email), caller: "operator/t")
        #expect(result.outcome == .applied && result.providerID == person.entraID)
        runtime.close()
        await server.shutdown()

        let other = try TemporaryDirectory("entra-certificate")
        let forged = try CertificateAuthority.createSelfSignedRSA(commonName: "palisade-app", validity: .seconds(86_400))
        let (refusing, refusingServer, _) = try await self.runtime(appCertificate: certificate, used: forged, in: other)
        let error = await #expect(throws: IdentityFailure.self) {
            try await refusing.service.act(
                .requireSignIn, UserActionRequest(idempotencyKey: "c-2", email: person.email), caller: "operator/t")
        }
        #expect(error?.status == .failedPrecondition && error?.providerError?.hasPrefix("AADSTS") == true, "\(String(describing: error))")
        refusing.close()
        await refusingServer.shutdown()
    }
}
