import ArgumentParser
import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeSlackSimulator

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

    @OptionGroup var listen: SimulatorListenOptions

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

    @OptionGroup var output: SimulatorOutputOptions

    func validate() throws {
        try listen.validate(plaintext: plaintext)
        try output.validateLogLevel()
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1 request a minute") }
        for value in token + readOnlyToken + accessToken + readOnlyAccessToken where value.isEmpty || value.contains(" ") {
            throw ValidationError("tokens must be non-empty and contain no space")
        }
        _ = try faults()
    }

    func run() async throws {
        let logger = output.logger(label: "palisade-sim.okta")

        let directory = SimDirectory(scenario: scenario.generate())
        var credentials = token.map { OktaCredential.apiToken($0) } + readOnlyToken.map { OktaCredential.apiToken($0, readOnly: true) }
        credentials += accessToken.map { OktaCredential.accessToken($0) }
        credentials += readOnlyAccessToken.map { OktaCredential.accessToken($0, scopes: [.usersRead]) }
        if credentials.isEmpty { credentials = [.development] }
        let limits = rateLimit.map { limit in Dictionary(uniqueKeysWithValues: OktaRateBucket.allCases.map { ($0, limit) }) } ?? [:]
        let simulator = OktaSimulator(
            configuration: OktaSimulatorConfiguration(
                directory: directory, credentials: credentials, rateLimits: limits, faults: try faults(), seed: scenario.seed))

        let server = try OktaSimulatorServer(
            simulator: simulator, host: listen.host, port: listen.port, tls: listen.tls(plaintext: plaintext), logger: logger)
        try await output.serve(server, logger: logger) { base in
            let people = simulator.inspect().users
            logger.notice(
                "okta simulator listening",
                metadata: [
                    "address": "\(base)", "users": "\(people.count)",
                    "suspended": "\(people.filter { $0.status == .suspended }.count)",
                    "deprovisioned": "\(people.filter { $0.status == .deprovisioned }.count)",
                    "tokens": "\(credentials == [.development] ? OktaCredential.development.value : "\(credentials.count) given")",
                ])
        }
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
