import PalisadeRPC
import PalisadeSlackCatalogue
import Synchronization

/// An in-memory Slack: the Audit Logs API (`/audit/v1/logs`, `/schemas`, `/actions`), the OAuth
/// install flow (`/oauth/v2/authorize`, `/api/oauth.v2.access`, token rotation) and
/// `/api/auth.test`, with Slack's errors, an org-wide rate limit and injectable faults.
///
/// `handle(_:)` answers one request without sockets, so tests can call it directly;
/// `SlackSimulatorServer` puts it behind HTTPS. Both hosts Slack uses (`api.slack.com` for audit,
/// `slack.com` for the Web API and OAuth) are served on the same port, told apart by path.
///
/// ```swift
/// let simulator = SlackSimulator(configuration: .init(rateLimitPerMinute: 0))
/// simulator.append(scenario.entries)
/// let response = await simulator.handle(HTTPServerRequest(
///     method: "GET", target: "/audit/v1/logs?limit=100",
///     headers: [("authorization", "Bearer \(SimulatorToken.development.value)")]))
/// ```
public final class SlackSimulator: Sendable {
    /// The configuration it was made with (run-time switches below may since differ).
    public let configuration: SlackSimulatorConfiguration
    let store = EntryStore()
    let cursors: CursorRegistry
    let tokens: TokenRegistry
    let limiter: RateLimiter
    let counters = Mutex(SlackSimulatorStats())
    let switches: Mutex<Switches>

    /// What can change while serving.
    struct Switches {
        var featureEnabled: Bool
        var quirks: Bool
        var faults: [SimulatorFault]
    }

    /// Makes a simulator with no entries; add them with `append(_:)`.
    public init(configuration: SlackSimulatorConfiguration = SlackSimulatorConfiguration()) {
        self.configuration = configuration
        cursors = CursorRegistry(capacity: configuration.maxIssuedCursors)
        tokens = TokenRegistry(
            tokens: configuration.tokens, seed: configuration.seed, clock: configuration.clock,
            ownerID: configuration.enterprise.ownerUserID)
        limiter = RateLimiter(perMinute: configuration.rateLimitPerMinute, burst: configuration.rateLimitBurst)
        switches = Mutex(
            Switches(
                featureEnabled: configuration.featureEnabled, quirks: configuration.quirks,
                faults: configuration.faults))
    }

    // MARK: Serving

    /// Answers one HTTP request. Never throws and never traps: malformed input gets a 4xx.
    public func handle(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        var response = await route(request)
        // As Slack does: its clock in every answer (clients compare it with their own).
        response.headers.append((name: "date", value: HTTPDate.format(configuration.clock.now())))
        return response
    }

    private func route(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        counters.withLock { $0.requests += 1 }
        let path = request.path
        if path == "/audit/v1" || path.hasPrefix("/audit/v1/") {
            guard request.method == "GET" else { return AuditAPIError.methodNotAllowed.response }
            switch path {
            case "/audit/v1/logs": return await logs(request)
            case "/audit/v1/schemas": return catalogue(SlackAuditCatalogue.schemas)
            case "/audit/v1/actions": return catalogue(SlackAuditCatalogue.actions)
            default: return AuditAPIError.badEndpoint.response
            }
        }
        switch path {
        case "/api/auth.test": return authTest(request)
        case "/api/oauth.v2.access": return oauthAccess(request)
        case "/oauth/v2/authorize": return authorize(request)
        default:
            if path.hasPrefix("/api/") { return WebAPIError("unknown_method").response }
            return HTTPServerResponse(
                status: 404, contentType: "text/plain; charset=utf-8",
                body: Array("not found: the simulator serves /audit/v1/*, /api/* and /oauth/v2/authorize\n".utf8))
        }
    }

    /// `/schemas` and `/actions`: no authentication, but the org's rate limit applies.
    private func catalogue(_ body: [UInt8]) -> HTTPServerResponse {
        if let wait = limiter.admit() { return rateLimitedResponse(retryAfter: wait, fault: false) }
        return HTTPServerResponse(status: 200, contentType: SimJSON.contentType, body: body)
    }

    /// 429 `rate_limited` with `Retry-After`.
    func rateLimitedResponse(retryAfter: Int, fault: Bool) -> HTTPServerResponse {
        counters.withLock { fault ? ($0.faultsInjected += 1) : ($0.rateLimited += 1) }
        return SimJSON.error(429, "rate_limited", headers: [("retry-after", String(retryAfter))])
    }

    // MARK: Data and admin hooks

    /// Adds entries, in any order, at any time (live mode); entries dated before the newest
    /// stored one (late arrivals) are put in their place.
    public func append(_ entries: [SimEntry]) {
        store.append(entries)
    }

    /// Entries stored.
    public var entryCount: Int { store.count }

    /// The oldest and newest `date_create` stored, if any.
    public var period: ClosedRange<Int64>? { store.period }

    /// Revokes a token (configured or issued); false when the simulator does not know it.
    @discardableResult
    public func revoke(token: String) -> Bool {
        tokens.revoke(token)
    }

    /// Accepts another token from now on.
    public func addToken(_ token: SimulatorToken) {
        tokens.add(token)
    }

    /// Turns the Audit Logs feature on or off (off: `/logs` answers 403 `feature_not_enabled`).
    public func setFeatureEnabled(_ enabled: Bool) {
        switches.withLock { $0.featureEnabled = enabled }
    }

    /// Serves every page in its quirky form (or not).
    public func setQuirks(_ enabled: Bool) {
        switches.withLock { $0.quirks = enabled }
    }

    /// Replaces the faults; request numbering carries on.
    public func setFaults(_ faults: [SimulatorFault]) {
        switches.withLock { $0.faults = faults }
    }

    /// A snapshot of the counters.
    public var stats: SlackSimulatorStats { counters.withLock { $0 } }
}
