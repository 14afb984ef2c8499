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

@testable import IdentityOktaCore

/// `okta.tokenType: bearer` against the Okta simulator: an OAuth access token with both scopes
/// reads and acts; one with `okta.users.read` only is refused the suspend for good (E0000006).
@Suite struct BearerTokenTests {
    @Test func anAccessTokenActsWithItsScopes() async throws {
        let directory = try TemporaryDirectory("okta-bearer")
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 4, users: 12, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        let people = SimDirectory(organization: scenario.organization)
        let simulator = OktaSimulator(
            configuration: OktaSimulatorConfiguration(
                directory: people, credentials: [.accessToken("eyJ.manage"), .accessToken("eyJ.read", scopes: [.usersRead])]))
        let pki = try TestPKI(serverName: "localhost")
        let tls = try TLSContext(
            server: .server(
                certificateChain: .pem(pki.server.certificatePEM), privateKey: .pem(pki.server.privateKeyPEM), trustRoots: pki.trustRoots,
                clientCertificate: .none))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = try OktaSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        let base = "https://localhost:\(try server.start().port)"
        let ca = directory.file("ca.pem")
        try pki.root.certificatePEM.write(toFile: ca, atomically: false, encoding: .utf8)
        let member = people.people.first { $0.status == .active && !$0.isAdmin }
        let person = try #require(member)

        for (token, suspends) in [("eyJ.manage", true), ("eyJ.read", false)] {
            let tokenFile = try directory.write("token-\(suspends)", token)
            let configuration = OktaConfiguration(
                listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: TLSFiles(certificate: ca, key: ca, ca: ca),
                database: directory.file("okta-\(suspends).sqlite"), secretKeyFile: directory.file("okta.key"),
                okta: OktaConfiguration.Okta(orgUrl: base, tokenFile: tokenFile, tokenType: "bearer", caFile: ca, callBudgetSeconds: 10))
            let runtime = try OktaIdentity.makeRuntime(configuration: configuration, logger: logger)
            let request = UserActionRequest(idempotencyKey: "b-\(suspends)", email: person.email)
            if suspends {
                let result = try await runtime.service.act(.suspendUser, request, caller: "operator/t")
                #expect(result.outcome == .applied && result.provider == "okta")
            } else {
                let error = await #expect(throws: IdentityFailure.self) {
                    try await runtime.service.act(.unsuspendUser, request, caller: "operator/t")
                }
                #expect(error?.status == .failedPrecondition && error?.providerError == "E0000006", "\(String(describing: error))")
            }
            runtime.close()
        }
        await server.shutdown()
    }
}
