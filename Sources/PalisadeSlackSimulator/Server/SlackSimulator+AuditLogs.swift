import PalisadeRPC
import PalisadeSlackCatalogue
import Synchronization

extension SlackSimulator {
    /// `GET /audit/v1/logs`: rate limit, faults, authentication, arguments, then the page.
    func logs(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let number = counters.withLock { stats -> Int in
            stats.logsRequests += 1
            return stats.logsRequests
        }
        if let wait = limiter.admit() { return rateLimitedResponse(retryAfter: wait, fault: false) }

        let (faults, featureEnabled, quirksOn) = switches.withLock { ($0.faults, $0.featureEnabled, $0.quirks) }
        let plan = FaultPlan(faults: faults, request: number, seed: configuration.seed)
        if let delay = plan.delay {
            countFault()
            try? await Task.sleep(for: delay)
        }
        if let seconds = plan.rateLimitedFor { return rateLimitedResponse(retryAfter: seconds, fault: true) }
        if let status = plan.serverError {
            countFault()
            return SimJSON.error(status, status == 503 ? "service_unavailable" : "internal_error")
        }

        // Decoded now, reported after authentication: a bad token is refused whatever its query.
        let fields: Result<[String: String], FormDecodingError> = Result { () throws(FormDecodingError) in
            try FormDecoding.fields(request.query)
        }
        let bearer = Self.bearerToken(request)
        if plan.revokeToken, let bearer, tokens.revoke(bearer) { countFault() }
        if plan.invalidCursor, case .success(let values) = fields, !(values["cursor"] ?? "").isEmpty {
            countFault()
            return AuditAPIError.invalidCursor.response
        }

        do throws(AuditAPIError) {
            try authorizeAuditCall(bearer)
            guard featureEnabled else { throw .featureNotEnabled }
            let query = try LogsQuery.parse(
                try fields.mapError { AuditAPIError.invalidArguments($0.message) }.get(),
                defaultLimit: configuration.defaultLimit, now: configuration.clock.now(),
                isKnownAction: { SlackAuditCatalogue.actionNames.contains($0) || store.hasAction($0) },
                resolveCursor: { cursors.resolve($0) })
            if plan.quirks { countFault() }
            var page = store.page(query, quirks: quirksOn || plan.quirks)
            page.finish(cursor: page.continueBefore.map { cursors.issue(before: $0) } ?? "")
            var response = HTTPServerResponse(status: 200, contentType: SimJSON.contentType, body: page.body)
            if let fault = plan.bodyFault {
                countFault()
                FaultPlan.spoil(&response, with: fault)
            } else {
                counters.withLock {
                    $0.pagesServed += 1
                    $0.entriesServed += page.count
                }
            }
            return response
        } catch {
            return error.response
        }
    }

    /// Checks the token of an Audit Logs call against §1.6: an org-level user token of an org
    /// owner with `auditlogs:read`.
    private func authorizeAuditCall(_ bearer: String?) throws(AuditAPIError) {
        guard let bearer else { throw .missingAuthentication }
        switch tokens.check(bearer) {
        case .unknown: throw .unknownToken
        case .revoked: throw .tokenRevoked
        case .expired: throw .tokenExpired
        case .valid(let record):
            guard record.token.scopes.contains("auditlogs:read") else { throw .invalidAuthentication }
            guard case .organization = record.token.installation else { throw .teamNotAuthorized }
            guard record.token.isOrgOwner else { throw .userNotAuthorized }
        }
    }

    private func countFault() {
        counters.withLock { $0.faultsInjected += 1 }
    }

    /// The token of `Authorization: Bearer <token>`; nil when the header is missing or malformed
    /// (another scheme, no token, spaces inside it).
    static func bearerToken(_ request: HTTPServerRequest) -> String? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }
}
