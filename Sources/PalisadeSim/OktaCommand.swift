import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator
import PalisadeTLS

/// `palisade-sim okta`: Okta's Users API (get, search, lifecycle, sessions) over HTTPS, serving
/// the people of a generated scenario (the Slack simulator's, for equal options) until
/// SIGTERM/SIGINT.
struct OktaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okta",
        abstract: "Serve a simulated Okta org: /api/v1/users*, lifecycle, sessions; test hooks under /_sim/.",
        discussion: "Use the printed address as the org URL (orgUrl). /_sim/* needs no token (a test hook). Faults: "
            + OktaFault.grammar
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port (0 = any free port; see --address-file).")
    var port = 0

    @Option(help: "Server certificate chain (PEM).")
    var cert: String?

    @Option(help: "Server private key (PEM).")
    var key: String?

    @Flag(help: "Cleartext HTTP instead of TLS (loopback only).")
    var plaintext = false

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "An API token (SSWS) of a super admin: read and manage (repeatable). Default: the printed development token.")
    var token: [String] = []

    @Option(help: "An API token (SSWS) of a read-only admin (repeatable).")
    var readOnlyToken: [String] = []

    @Option(help: "An OAuth access token (Bearer) with okta.users.read and okta.users.manage (repeatable).")
    var accessToken: [String] = []

    @Option(help: "An OAuth access token (Bearer) with okta.users.read only (repeatable).")
    var readOnlyAccessToken: [String] = []

    @Option(help: "Requests per minute for every /api/v1/users* bucket (Okta's limits are org-specific).")
    var rateLimit: Int?

    @Option(help: "A fault to inject (repeatable), e.g. 429=2s@range:1-3, 503@p:0.05, html=200@nth:4, revoke@nth:10.")
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
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1 request a minute") }
        for value in token + readOnlyToken + accessToken + readOnlyAccessToken where value.isEmpty || value.contains(" ") {
            throw ValidationError("tokens must be non-empty and contain no space")
        }
        _ = try faults()
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystemSetup.bootstrap(service: "palisade-sim", level: level)
        var logger = Logger(label: "palisade-sim.okta")
        logger.logLevel = level

        let directory = SimDirectory(scenario: scenario.generate())
        var credentials = token.map { OktaCredential.apiToken($0) } + readOnlyToken.map { OktaCredential.apiToken($0, readOnly: true) }
        credentials += accessToken.map { OktaCredential.accessToken($0) }
        credentials += readOnlyAccessToken.map { OktaCredential.accessToken($0, scopes: [.usersRead]) }
        if credentials.isEmpty { credentials = [.development] }
        let limits = rateLimit.map { limit in Dictionary(uniqueKeysWithValues: OktaRateBucket.allCases.map { ($0, limit) }) } ?? [:]
        let simulator = OktaSimulator(
            configuration: OktaSimulatorConfiguration(
                directory: directory, credentials: credentials, rateLimits: limits, faults: try faults(), seed: scenario.seed))

        let tls =
            try plaintext
            ? nil
            : TLSContext(
                server: .server(certificateChain: .file(cert ?? ""), privateKey: .file(key ?? ""), clientCertificate: .none))
        let server = try OktaSimulatorServer(simulator: simulator, host: host, port: port, tls: tls, logger: logger)
        try server.start()
        let base = server.baseURL ?? ""
        if let addressFile { try SlackCommand.writeWhole(Data((base + "\n").utf8), to: addressFile) }
        let people = simulator.inspect().users
        logger.notice(
            "okta simulator listening",
            metadata: [
                "address": "\(base)", "users": "\(people.count)",
                "suspended": "\(people.filter { $0.status == .suspended }.count)",
                "deprovisioned": "\(people.filter { $0.status == .deprovisioned }.count)",
                "tokens": "\(credentials == [.development] ? OktaCredential.development.value : "\(credentials.count) given")",
            ])
        try await ServiceRunner.run([RPCServerService(server: server.server)], logger: logger)
        let inspection = simulator.inspect()
        logger.notice(
            "okta simulator stopped",
            metadata: [
                "calls": "\(inspection.calls.count)", "transitions": "\(inspection.transitions.count)",
                "session_clears": "\(inspection.sessionClears.count)",
            ])
    }

    private func faults() throws -> [OktaFault] {
        var faults: [OktaFault] = []
        for spec in fault {
            do throws(FaultSpecError) { faults.append(try OktaFault(parsing: spec)) } catch { throw ValidationError(error.message) }
        }
        return faults
    }
}
