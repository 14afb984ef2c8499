import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeSlackSimulator

/// `palisade-sim entra`: Entra ID's token endpoint and the Microsoft Graph user APIs over HTTPS,
/// for the people of a generated scenario, until SIGTERM/SIGINT.
struct EntraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entra",
        abstract: "Serve a simulated Entra ID tenant: /{tenant}/oauth2/v2.0/token and Graph's /v1.0/users… APIs.",
        discussion: """
            Authority: <address>/<tenant>; Graph base URL: <address>/v1.0. /_sim/* are unauthenticated test hooks \
            (inspect, faults, user changes): never expose this server. Faults: \(EntraFault.grammar)
            """
    )

    @OptionGroup var listen: SimulatorListenOptions

    @Flag(help: "Cleartext (HTTP/1.1, or h2c with prior knowledge) instead of TLS (loopback only).")
    var plaintext = false

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Tenant id (a GUID; default: derived from the organisation's domain).")
    var tenantID: String?

    @Option(help: "The app's client id.")
    var clientID = EntraApp.development.clientID

    @Option(help: "The app's client secret (repeatable; default: sim-entra-secret).")
    var clientSecret: [String] = []

    @Option(help: "The app's certificate credential (PEM file; client assertions must be signed with its key).")
    var clientCertificate: String?

    @Option(help: "A Graph application permission to grant (repeatable; default: Palisade's four).")
    var role: [String] = []

    @Flag(help: "The app holds a privileged admin role, so it may disable administrators.")
    var privilegedAdmin = false

    @Option(help: "Access token lifetime, seconds.")
    var tokenLifetime: Int64 = 3599

    @Option(help: "Users per delta page.")
    var deltaPageSize = 100

    @Option(help: "A fault to inject (repeatable), e.g. 429=2.128@every:5, 503@p:0.05, expire-tokens@nth:10.")
    var fault: [String] = []

    @OptionGroup var output: SimulatorOutputOptions

    func validate() throws {
        try listen.validate(plaintext: plaintext)
        try output.validateLogLevel()
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
        guard (1...999).contains(deltaPageSize) else { throw ValidationError("--delta-page-size must be 1…999") }
        for spec in fault {
            do throws(FaultSpecError) { _ = try EntraFault(parsing: spec) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let logger = output.logger(label: "palisade-sim.entra")

        let directory = SimDirectory(scenario: scenario.generate())
        let simulator = EntraSimulator(configuration: try makeConfiguration(directory))
        let server = try EntraSimulatorServer(
            simulator: simulator, host: listen.host, port: listen.port, tls: listen.tls(plaintext: plaintext), logger: logger)
        try await output.serve(server, logger: logger) { base in
            let tenant = simulator.configuration.tenantID
            logger.notice(
                "entra simulator listening",
                metadata: [
                    "address": "\(base)", "authority": "\(base)/\(tenant)", "graph": "\(base)/v1.0",
                    "tenant": "\(tenant)", "domain": "\(simulator.configuration.tenantDomain)", "client_id": "\(clientID)",
                    "users": "\(directory.people.count)", "faults": "\(simulator.faults.count)",
                ])
        }
        let seen = simulator.inspect()
        logger.notice(
            "entra simulator stopped",
            metadata: [
                "calls": "\(seen.calls.count)", "tokens": "\(seen.tokens.count)", "mails": "\(seen.mails.count)",
                "changes": "\(seen.changes.count)", "faults_injected": "\(seen.faultsInjected)",
            ])
    }

    private func makeConfiguration(_ directory: SimDirectory) throws -> EntraSimulatorConfiguration {
        var faults: [EntraFault] = []
        for spec in fault {
            do throws(FaultSpecError) { faults.append(try EntraFault(parsing: spec)) } catch { throw ValidationError(error.message) }
        }
        let certificate = try clientCertificate.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let secrets = (clientSecret.isEmpty ? ["sim-entra-secret"] : clientSecret).map { EntraApp.Secret($0) }
        let app = EntraApp(
            clientID: clientID, secrets: secrets, certificatePEM: certificate,
            roles: role.isEmpty ? EntraApp.palisadeRoles : Set(role), isPrivilegedAdmin: privilegedAdmin)
        return EntraSimulatorConfiguration(
            directory: directory, tenantID: tenantID, apps: [app], accessTokenLifetime: tokenLifetime, faults: faults,
            seed: scenario.seed, deltaPageSize: deltaPageSize)
    }
}
