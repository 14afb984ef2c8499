import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator
import PalisadeTLS

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

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port (0 = any free port; see --address-file).")
    var port = 0

    @Option(help: "Server certificate chain (PEM).")
    var cert: String?

    @Option(help: "Server private key (PEM).")
    var key: String?

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

    @Option(help: "Write the base URL here once listening (for scripts and tests).")
    var addressFile: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel = "notice"

    func validate() throws {
        if plaintext, cert != nil || key != nil { throw ValidationError("--plaintext excludes --cert/--key") }
        if !plaintext, cert == nil || key == nil {
            throw ValidationError("TLS needs --cert and --key (PEM files), or pass --plaintext on a loopback address")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
        guard (1...999).contains(deltaPageSize) else { throw ValidationError("--delta-page-size must be 1…999") }
        for spec in fault {
            do throws(FaultSpecError) { _ = try EntraFault(parsing: spec) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystemSetup.bootstrap(service: "palisade-sim", level: level)
        var logger = Logger(label: "palisade-sim.entra")
        logger.logLevel = level

        let directory = SimDirectory(scenario: scenario.generate())
        let simulator = EntraSimulator(configuration: try makeConfiguration(directory))
        let tls =
            try plaintext
            ? nil
            : TLSContext(
                server: .server(certificateChain: .file(cert ?? ""), privateKey: .file(key ?? ""), clientCertificate: .none))
        let server = try EntraSimulatorServer(simulator: simulator, host: host, port: port, tls: tls, logger: logger)
        try server.start()
        let base = server.baseURL ?? ""
        if let addressFile { try SlackCommand.writeWhole(Data((base + "\n").utf8), to: addressFile) }
        let tenant = simulator.configuration.tenantID
        logger.notice(
            "entra simulator listening",
            metadata: [
                "address": "\(base)", "authority": "\(base)/\(tenant)", "graph": "\(base)/v1.0",
                "tenant": "\(tenant)", "domain": "\(simulator.configuration.tenantDomain)", "client_id": "\(clientID)",
                "users": "\(directory.people.count)", "faults": "\(simulator.faults.count)",
            ])
        try await ServiceRunner.run([RPCServerService(server: server.server)], logger: logger)
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
