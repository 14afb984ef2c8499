import Foundation
import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

/// An in-memory Microsoft Entra ID tenant and the Microsoft Graph user APIs Palisade's identity
/// service calls: OpenID discovery and the client-credentials token endpoint (secrets, HTTP
/// Basic, certificate assertions), users, `$filter`/`$select`, revoking sessions, enabling and
/// disabling accounts, `sendMail` into an outbox, deleted items and users delta, with Graph's
/// errors, request ids and injectable faults (identity.md §1–3, §7).
///
/// `handle(_:)` answers one request without sockets; `EntraSimulatorServer` puts it behind
/// HTTPS (HTTP/2 and HTTP/1.1). The login host and Graph share one server, told apart by path.
/// `/_sim/*` are test hooks that need no token: never expose the simulator beyond a test host.
///
/// ```swift
/// let simulator = EntraSimulator(configuration: EntraSimulatorConfiguration(directory: directory))
/// let token = await simulator.handle(HTTPServerRequest(method: "POST",
///     target: "/\(simulator.configuration.tenantID)/oauth2/v2.0/token", body: Array(form.utf8)))
/// simulator.setAccountEnabled(false, userID: person.entraID)
/// let seen = simulator.inspect()
/// ```
public final class EntraSimulator: Sendable {
    /// The configuration it was made with (apps, users and faults may since have changed).
    public let configuration: EntraSimulatorConfiguration
    let state: Mutex<EntraState>
    /// The base URL when a request names no host (set by the server once it is bound).
    let fallbackBaseURL = Mutex<String>("https://localhost")

    /// Makes a simulator of `configuration`'s tenant.
    public init(configuration: EntraSimulatorConfiguration) {
        self.configuration = configuration
        state = Mutex(EntraState(configuration: configuration))
    }

    /// Tells the simulator its own address (`https://127.0.0.1:8443`), for links in answers to
    /// requests that carry neither `Host` nor `:authority`.
    public func setBaseURL(_ url: String) {
        fallbackBaseURL.withLock { $0 = url.hasSuffix("/") ? String(url.dropLast()) : url }
    }

    // MARK: Serving

    /// Answers one HTTP request. Never throws and never traps: malformed input gets a 4xx.
    public func handle(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let route = EntraRoute(request.path)
        if case .hook(let segments) = route { return hook(request, segments) }
        let context = makeContext(request)
        let plan = faultPlan(for: route)
        if let delay = plan.delay { try? await Task.sleep(for: delay) }
        var response: HTTPServerResponse
        if plan.expireTokens { state.withLock { $0.expireTokens(now: context.now) } }
        if let status = plan.htmlStatus {
            response = Self.htmlPage(status)
        } else if let retryAfter = plan.throttled {
            response = throttledResponse(retryAfter, context)
        } else if let status = plan.serverError {
            response = Self.serverError(status).response(context)
        } else {
            response = answer(route, context)
            if plan.truncated { response.body.removeSubrange((response.body.count / 2)...) }
        }
        finish(&response, context, applied: plan.description)
        return response
    }

    private func answer(_ route: EntraRoute, _ context: RequestContext) -> HTTPServerResponse {
        switch route {
        case .discovery(let tenant): return discovery(tenant, context)
        case .instanceDiscovery: return instanceDiscovery(context)
        case .token(let tenant): return token(tenant, context)
        case .graph(let segments): return graph(segments, context)
        // `handle(_:)` answers hooks before any fault or record; nothing else routes here.
        case .hook(let segments): return hook(context.request, segments)
        case .notFound:
            return GraphError(
                status: 404, code: "UnknownError",
                message: "The simulator serves /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration, "
                    + "/common/discovery/instance, /v1.0/… and /_sim/…."
            ).response(context)
        }
    }

    private func makeContext(_ request: HTTPServerRequest) -> RequestContext {
        let now = configuration.clock.now()
        let requestID = state.withLock { $0.guid() }
        let sent = request.header("client-request-id").flatMap { $0.isEmpty || $0.utf8.count > 200 ? nil : $0 }
        var base = fallbackBaseURL.withLock { $0 }
        if let host = request.header("host"), !host.isEmpty, host.utf8.count < 300,
            host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") })
        {
            let scheme = base.hasPrefix("http://") ? "http://" : "https://"
            base = scheme + host
        }
        return RequestContext(
            requestID: requestID, clientRequestID: sent ?? requestID, callerSentClientRequestID: sent != nil, now: now,
            baseURL: base, request: request)
    }

    /// The headers every answer carries, and the call record.
    private func finish(_ response: inout HTTPServerResponse, _ context: RequestContext, applied: String?) {
        response.headers += [
            ("request-id", context.requestID),
            ("client-request-id", context.clientRequestID),
            ("x-ms-request-id", context.requestID),
            ("date", HTTPDate.format(context.now)),
            ("strict-transport-security", "max-age=31536000"),
            ("cache-control", "no-store, no-cache"),
            (
                "x-ms-ags-diagnostic",
                #"{"ServerInfo":{"DataCenter":"Simulator","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"SIM"}}"#
            ),
        ]
        let request = context.request
        let retryHeaders = request.headers.filter { $0.name == "retry-attempt" || $0.name.contains("retry") }
            .map { "\($0.name): \($0.value)" }
        let call = EntraInspection.Call(
            method: request.method, path: String(request.path.prefix(2048)), status: response.status,
            requestID: context.requestID,
            clientRequestID: context.callerSentClientRequestID ? context.clientRequestID : nil,
            retryHeaders: retryHeaders, fault: applied, time: context.now)
        let limit = configuration.maxRecordedCalls
        state.withLock {
            $0.log(call, limit: limit)
            if applied != nil { $0.faultsInjected += 1 }
        }
    }

    /// 429 with THR's body and headers; `Retry-After` in (possibly fractional) seconds.
    private func throttledResponse(_ retryAfter: Int64?, _ context: RequestContext) -> HTTPServerResponse {
        var error = GraphError(status: 429, code: "TooManyRequests", message: "Please retry again later.")
        if let retryAfter { error.headers.append(("retry-after", EntraFault.seconds(retryAfter))) }
        // The scope names the caller's app when its token is known (THRL's format).
        let bearer = context.request.header("authorization").map { String($0.drop { $0 != " " }.dropFirst()) }
        let clientID = state.withLock { state in bearer.flatMap { state.issued[$0]?.clientID } } ?? configuration.apps.first?.clientID ?? ""
        error.headers += [
            ("x-ms-throttle-scope", "Tenant_Application/ReadWrite/\(clientID)/\(configuration.tenantID)"),
            ("x-ms-throttle-information", "ResourceUnitLimitExceeded"),
        ]
        return error.response(context)
    }

    /// 5xx with a Graph error body.
    static func serverError(_ status: Int) -> GraphError {
        switch status {
        case 503: GraphError(status: 503, code: "serviceNotAvailable", message: "The service is temporarily unavailable.")
        case 504: GraphError(status: 504, code: "gatewayTimeout", message: "The gateway did not receive a response in time.")
        case 502: GraphError(status: 502, code: "badGateway", message: "The upstream service answered badly.")
        default: GraphError(status: status, code: "generalException", message: "An internal server error occurred.")
        }
    }

    /// What a proxy or load balancer answers: HTML, not JSON.
    static func htmlPage(_ status: Int) -> HTTPServerResponse {
        let html = """
            <!DOCTYPE html><html><head><title>\(status == 200 ? "Sign in" : "502 Bad Gateway")</title></head>\
            <body><h1>\(status == 200 ? "Please sign in" : "Bad Gateway")</h1><p>The simulator injected this page.</p>\
            </body></html>
            """
        return HTTPServerResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }
}
