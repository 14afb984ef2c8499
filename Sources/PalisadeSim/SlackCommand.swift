import ArgumentParser
import Foundation
import Logging
import PalisadeSlackSimulator

/// `palisade-sim slack`: the Slack Audit Logs API, OAuth and `auth.test`, over HTTPS, serving a
/// generated scenario until SIGTERM/SIGINT.
struct SlackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack",
        abstract: "Serve a simulated Slack Enterprise org: /audit/v1/*, /api/auth.test, OAuth.",
        discussion: "Point the connector's Audit Logs and Web API base URLs at the printed address. Faults: "
            + SimulatorFault.grammar
    )

    @OptionGroup var listen: SimulatorListenOptions

    @Flag(help: "Cleartext (HTTP/1.1, or h2c with prior knowledge) instead of TLS (loopback only).")
    var plaintext = false

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Write the scenario's labels document (incidents, organization) to this file.")
    var labels: String?

    @Option(help: "A token to accept (org owner, auditlogs:read; repeatable). Default: the printed development token.")
    var token: [String] = []

    @Option(help: "OAuth client ID (enables /oauth/v2/authorize and oauth.v2.access).")
    var clientID: String?

    @Option(help: "OAuth client secret.")
    var clientSecret = "sim-client-secret"

    @Option(help: "An allowed OAuth redirect URL (repeatable; none = any).")
    var redirectURL: [String] = []

    @Flag(help: "Token rotation: OAuth issues xoxe.xoxp-… tokens with refresh tokens.")
    var rotation = false

    @Option(help: "Lifetime of rotating tokens, seconds.")
    var tokenLifetime: Int64 = 43_200

    @Option(help: "Seconds a spent refresh token keeps working (Slack: a short, undocumented grace period).")
    var refreshGrace: Int64 = 60

    @Option(help: "Org-wide /audit/v1 requests per minute (0 = no limit).")
    var rateLimit = 50

    @Option(help: "Requests allowed at once before the per-minute rate applies.")
    var rateBurst = 20

    @Option(help: "Live mode: new entries per second (0 = off).")
    var liveRate = 0.0

    @Option(help: "Live mode: late entries are dated up to this many seconds in the past.")
    var lateSeconds: Int64 = 0

    @Option(help: "A fault to inject (repeatable), e.g. 503@p:0.05, slow=2s@every:10, revoke@nth:100.")
    var fault: [String] = []

    @Flag(help: "Serve every entry in its quirky form where it has one.")
    var quirks = false

    @OptionGroup var output: SimulatorOutputOptions

    func validate() throws {
        try listen.validate(plaintext: plaintext)
        try output.validateLogLevel()
        guard rateLimit >= 0, rateBurst >= 1 else { throw ValidationError("--rate-limit must be ≥ 0 and --rate-burst ≥ 1") }
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
        guard refreshGrace >= 0 else { throw ValidationError("--refresh-grace must be 0 or more seconds") }
        if clientID == nil, rotation || !redirectURL.isEmpty {
            throw ValidationError("--rotation and --redirect-url configure the OAuth app: give --client-id too")
        }
        guard liveRate >= 0, liveRate <= 1_000_000, liveRate.isFinite else { throw ValidationError("--live-rate must be 0…1000000") }
        guard lateSeconds >= 0 else { throw ValidationError("--late-seconds must not be negative") }
        for spec in fault {
            do throws(FaultSpecError) { _ = try SimulatorFault(parsing: spec) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let logger = output.logger(label: "palisade-sim.slack")

        let generated = scenario.generate()
        if let labels {
            try Self.writeWhole(Data(generated.labelsDocument()), to: labels)
        }
        let simulator = SlackSimulator(configuration: try makeConfiguration(generated.organization))
        simulator.append(generated.entries)

        let server = try SlackSimulatorServer(
            simulator: simulator, host: listen.host, port: listen.port, tls: listen.tls(plaintext: plaintext), logger: logger)
        // The live feed starts once the server listens and its line is logged, and stops when
        // serving ends.
        var feed: Task<Void, Never>?
        defer { feed?.cancel() }
        try await output.serve(server, logger: logger) { base in
            logger.notice(
                "slack simulator listening",
                metadata: [
                    "address": "\(base)", "entries": "\(simulator.entryCount)", "period": "\(Self.describe(simulator.period))",
                    "enterprise": "\(generated.organization.id)",
                    "tokens": "\(token.isEmpty ? SimulatorToken.development.value : "\(token.count) given")",
                ])
            feed =
                liveRate > 0
                ? Task { [liveRate, lateSeconds, seed = scenario.seed] in
                    await SlackSimulatorLiveFeed(simulator: simulator, perSecond: liveRate, lateSeconds: lateSeconds, seed: seed)
                        .run(LiveEntrySource(organization: generated.organization, seed: seed))
                } : nil
        }
        let stats = simulator.stats
        logger.notice(
            "slack simulator stopped",
            metadata: [
                "requests": "\(stats.requests)", "logs_requests": "\(stats.logsRequests)", "pages": "\(stats.pagesServed)",
                "entries_served": "\(stats.entriesServed)", "rate_limited": "\(stats.rateLimited)",
                "faults": "\(stats.faultsInjected)", "entries": "\(simulator.entryCount)",
            ])
    }

    private func makeConfiguration(_ organization: SimOrganization) throws -> SlackSimulatorConfiguration {
        var faults: [SimulatorFault] = []
        for spec in fault {
            do throws(FaultSpecError) { faults.append(try SimulatorFault(parsing: spec)) } catch { throw ValidationError(error.message) }
        }
        let tokens = token.isEmpty ? [SimulatorToken.development] : token.map { SimulatorToken($0) }
        let app = clientID.map {
            SimulatorOAuthApp(
                clientID: $0, clientSecret: clientSecret, redirectURLs: redirectURL, tokenRotation: rotation,
                tokenLifetime: tokenLifetime, refreshGrace: refreshGrace)
        }
        return SlackSimulatorConfiguration(
            enterprise: .init(organization), tokens: tokens, oauthApp: app, rateLimitPerMinute: rateLimit,
            rateLimitBurst: rateBurst, faults: faults, quirks: quirks, seed: scenario.seed)
    }

    /// `2026-11-19T00:00:01Z…2026-11-26T00:00:00Z`, or `empty`.
    static func describe(_ period: ClosedRange<Int64>?) -> String {
        guard let period else { return "empty" }
        let formatter = ISO8601DateFormatter()
        func text(_ second: Int64) -> String { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second))) }
        return text(period.lowerBound) + "…" + text(period.upperBound)
    }

    /// Writes `data` so a reader polling `path` sees nothing or all of it: a file beside it, then a
    /// rename. (Foundation's `.atomic` leaves a `TemporaryDirectory.*` behind in /tmp on Linux.)
    static func writeWhole(_ data: Data, to path: String) throws {
        let partial = path + ".partial"
        try data.write(to: URL(fileURLWithPath: partial))
        guard rename(partial, path) == 0 else {
            throw ValidationError("cannot move \(partial) to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
