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
        async throws -> (IdentityRuntime, EntraTestTenant)
    {
        let app = EntraApp(clientID: "c3e70000-0000-4000-8000-00000000cafe", certificatePEM: appCertificate.certificatePEM)
        let tenant = try EntraTestTenant(app: app, caFile: directory.file("ca.pem"))
        try CertificateAuthority.write(used, certificatePath: directory.file("app.pem"), keyPath: directory.file("app.key"))
        let ca = tenant.caFile
        let configuration = EntraConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: TLSFiles(certificate: ca, key: ca, ca: ca),
            database: directory.file("identity.sqlite"), secretKeyFile: directory.file("identity.key"),
            entra: EntraConfiguration.Entra(
                tenant: tenant.directory.domain, clientId: app.clientID, certificateFile: directory.file("app.pem"),
                privateKeyFile: directory.file("app.key"), authority: tenant.base, graph: tenant.base + "/v1.0", caFile: ca,
                callBudgetSeconds: 10))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return (try EntraIdentity.makeRuntime(configuration: configuration, logger: logger), tenant)
    }

    @Test func theAppsCertificateGetsATokenAndAnotherKeyIsRefused() async throws {
        let directory = try TemporaryDirectory("entra-certificate")
        let certificate = try CertificateAuthority.createSelfSignedRSA(commonName: "palisade-app", validity: .seconds(86_400))
        let (runtime, tenant) = try await runtime(appCertificate: certificate, used: certificate, in: directory)
        let member = tenant.member
        let person = try #require(member)
        let result = try await runtime.service.act(
            .requireSignIn, UserActionRequest(idempotencyKey: "c-1", email: person.email), caller: "operator/t")
        #expect(result.outcome == .applied && result.providerID == person.entraID)
        runtime.close()
        await tenant.shutdown()

        let other = try TemporaryDirectory("entra-certificate")
        let forged = try CertificateAuthority.createSelfSignedRSA(commonName: "palisade-app", validity: .seconds(86_400))
        let (refusing, refusingTenant) = try await self.runtime(appCertificate: certificate, used: forged, in: other)
        let error = await #expect(throws: IdentityFailure.self) {
            try await refusing.service.act(
                .requireSignIn, UserActionRequest(idempotencyKey: "c-2", email: person.email), caller: "operator/t")
        }
        #expect(error?.status == .failedPrecondition && error?.providerError?.hasPrefix("AADSTS") == true, "\(String(describing: error))")
        refusing.close()
        await refusingTenant.shutdown()
    }
}
