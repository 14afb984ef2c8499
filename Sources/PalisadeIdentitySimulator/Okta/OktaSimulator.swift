import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

/// An in-memory Okta org: the Users API (get by id or login, list, search, filter, paging), the
/// lifecycle operations (suspend, unsuspend, deactivate, activate, reactivate, unlock), user
/// deletion and clearing sessions, with Okta's authentication (`SSWS` API tokens, `Bearer`
/// access tokens), scopes, errors, per-minute rate limits and injectable faults.
///
/// `handle(_:)` answers one request without sockets, so tests can call it directly;
/// ``OktaSimulatorServer`` puts it behind HTTPS. Test hooks live under `/_sim/` and need no
/// token: `GET /_sim/inspect`, `GET|POST /_sim/faults`, `POST /_sim/tokens/revoke`,
/// `POST /_sim/users/{id|login}/{change}` (see the module's README).
///
/// ```swift
/// let simulator = OktaSimulator(configuration: .init(directory: directory, clock: SimulatorClock(now: 1_790_000_000)))
/// let response = await simulator.handle(HTTPServerRequest(
///     method: "POST", target: "/api/v1/users/ana.lima@northwind.test/lifecycle/suspend",
///     headers: [("authorization", "SSWS \(OktaCredential.development.value)")]))
/// #expect(simulator.inspect().user("ana.lima@northwind.test")?.status == .suspended)
/// ```
public final class OktaSimulator: Sendable {
    /// The configuration it was made with (run-time changes below may since differ).
    public let configuration: OktaSimulatorConfiguration
    let limiter: OktaRateLimiter
    let state: Mutex<OktaSimulatorState>

    /// The content type of every JSON answer (Okta's, without a charset).
    static let jsonContentType = "application/json"

    /// Makes a simulator serving `configuration.directory`.
    public init(configuration: OktaSimulatorConfiguration) {
        self.configuration = configuration
        limiter = OktaRateLimiter(limits: configuration.rateLimits)
        state = Mutex(OktaSimulatorState(configuration: configuration))
    }

    // MARK: Serving

    /// Answers one HTTP request. Never throws and never traps: malformed input gets an
    /// Okta-shaped 4xx.
    public func handle(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let path = request.path
        if path == "/_sim" || path.hasPrefix("/_sim/") {
            var response = hook(request)
            response.headers.append((name: "date", value: HTTPDate.format(configuration.clock.now())))
            return response
        }
        return await api(request)
    }

    /// What one API call needs besides the request.
    struct Call {
        let request: HTTPServerRequest
        let requestID: String
        let now: Int64
        /// `https://host[:port]`, for links.
        let base: String
        let credential: OktaCredential
    }

    private func api(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let (serial, number, faults, base) = state.withLock { state in
            state.serial += 1
            state.faultRequests += 1
            return (state.serial, state.faultRequests, state.faults, state.linkBase)
        }
        let plan = OktaFaultPlan(faults: faults, request: number, seed: configuration.seed)
        if let delay = plan.delay { try? await Task.sleep(for: delay) }
        let now = configuration.clock.now()
        let requestID = OktaIdentifier.requestID(seed: configuration.seed, serial: serial)
        let errorID = OktaIdentifier.errorID(seed: configuration.seed, serial: serial)
        let segments = Self.segments(request.path)
        var verdict = limiter.admit(OktaRateBucket.of(method: request.method, segments: segments ?? []), now: now)
        let presented = Self.presentedToken(request.header("authorization"))
        var scheme: String?

        // Order: the limiter counts every request (Okta counts refused ones too), then a fault may
        // answer in the API's place, then the limit, the credential and the route decide.
        var response: HTTPServerResponse
        switch plan.preempt {
        case .rateLimited(let seconds):
            verdict.remaining = 0
            verdict.reset = now + Int64(seconds)
            response = OktaAPIError.rateLimited.response(errorID: errorID)
        case .serverError(let status):
            response = OktaAPIError.serverError(status).response(errorID: errorID)
        case .htmlPage(let status):
            response = OktaFaultPlan.htmlPage(status: status)
        case nil:
            if !verdict.allowed {
                response = OktaAPIError.rateLimited.response(errorID: errorID)
                break
            }
            let credential = state.withLock { state -> OktaCredential? in
                guard let presented else { return nil }
                if plan.revokeToken { state.revoked.insert(presented.value) }
                return state.credential(presented.value, scheme: presented.scheme)
            }
            guard let credential else {
                response = OktaAPIError.invalidToken(bearer: presented?.scheme == .bearer).response(errorID: errorID)
                break
            }
            scheme = credential.scheme.rawValue
            let call = Call(request: request, requestID: requestID, now: now, base: base, credential: credential)
            do throws(OktaAPIError) {
                response = try route(call, segments: segments)
            } catch {
                response = error.response(errorID: errorID)
            }
            plan.spoil(&response)
        }

        response.headers.append((name: "x-okta-request-id", value: requestID))
        response.headers.append((name: "date", value: HTTPDate.format(now)))
        response.headers += verdict.headers
        let record = OktaSimulatorInspection.Call(
            method: request.method, path: String(request.path), status: response.status, requestID: requestID,
            retryFor: request.header("x-okta-retry-for"), retryCount: request.header("x-okta-retry-count"), scheme: scheme,
            faults: plan.fired, at: now)
        state.withLock { $0.record(record, limit: configuration.maxRecordedCalls) }
        return response
    }

    private func route(_ call: Call, segments: [String]?) throws(OktaAPIError) -> HTTPServerResponse {
        let method = call.request.method
        let notFound = OktaAPIError.notFound(String(call.request.path.prefix(200)), kind: method)
        guard let segments, segments.count >= 3, segments[0] == "api", segments[1] == "v1", segments[2] == "users" else {
            throw notFound
        }
        switch (segments.count, method) {
        case (3, "GET"):
            try require(.usersRead, call)
            return try listUsers(call)
        case (4, "GET"):
            try require(.usersRead, call)
            return try getUser(segments[3], call)
        case (4, "DELETE"):
            try require(.usersManage, call)
            return try deleteUser(segments[3], call)
        case (5, "DELETE") where segments[4] == "sessions":
            try require(.usersManage, call)
            return try clearSessions(segments[3], call)
        case (6, "POST") where segments[4] == "lifecycle":
            try require(.usersManage, call)
            return try lifecycle(segments[5], of: segments[3], call)
        case (3, _), (4, _):
            throw OktaAPIError.methodNotAllowed
        case (5, _) where segments[4] == "sessions":
            throw OktaAPIError.methodNotAllowed
        case (6, _) where segments[4] == "lifecycle":
            throw OktaAPIError.methodNotAllowed
        default:
            throw notFound
        }
    }

    private func require(_ scope: OktaScope, _ call: Call) throws(OktaAPIError) {
        guard call.credential.allows(scope) else {
            throw OktaAPIError.forbidden(scope: scope, bearer: call.credential.scheme == .bearer)
        }
    }

    /// The path's segments, percent-decoded (a login may come encoded or not); nil when the
    /// encoding is broken.
    static func segments(_ path: Substring) -> [String]? {
        var segments: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            // `+` is a literal plus in a path (only queries use it for a space).
            guard let decoded = try? FormDecoding.decode(part.replacing("+", with: "%2B")) else { return nil }
            segments.append(decoded)
        }
        return segments
    }

    /// The token of an `Authorization` header: `SSWS <t>`, `SSWS<t>` (Okta's Python SDK) or
    /// `Bearer <t>`; the scheme's case does not matter.
    static func presentedToken(_ header: String?) -> (scheme: OktaCredential.Scheme, value: String)? {
        guard let header else { return nil }
        let text = header.trimmingPrefix(while: { $0 == " " })
        for scheme in [OktaCredential.Scheme.ssws, .bearer] {
            let name = scheme.rawValue
            guard text.count > name.count, text.prefix(name.count).lowercased() == name.lowercased() else { continue }
            let rest = text.dropFirst(name.count)
            // Only SSWS may omit the space; "Bearerxyz" is not a bearer token.
            guard rest.first == " " || scheme == .ssws else { continue }
            let value = rest.trimmingPrefix(while: { $0 == " " }).prefix { $0 != " " }
            return value.isEmpty ? nil : (scheme, String(value))
        }
        return nil
    }
}
