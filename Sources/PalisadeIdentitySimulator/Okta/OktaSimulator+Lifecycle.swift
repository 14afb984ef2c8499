import PalisadeRPC
import Synchronization

extension OktaSimulator {
    /// `POST /api/v1/users/{id}/lifecycle/{operation}` (identity.md §4.3, §4.5): 200 with an
    /// empty body, or 400 E0000001 when the user's status does not allow the operation
    /// (`activate` and `reactivate` refuse with Okta's 403s).
    func lifecycle(_ operation: String, of key: String, _ call: Call) throws(OktaAPIError) -> HTTPServerResponse {
        let rule: (allowed: Set<OktaUserStatus>, to: OktaUserStatus?, refusal: OktaAPIError)
        switch operation {
        case "suspend":
            rule = ([.active], .suspended, .validation("suspend", "Cannot suspend a user that is not active"))
        case "unsuspend":
            rule = ([.suspended], .active, .validation("unsuspend", "Cannot unsuspend a user that is not suspended"))
        case "deactivate":
            let all = Set(OktaUserStatus.allCases).subtracting([.deprovisioned])
            rule = (all, .deprovisioned, .validation("deactivate", "Cannot deactivate a user that is already deprovisioned"))
        case "unlock":
            rule = ([.lockedOut], .active, .validation("unlock", "Cannot unlock a user that is not locked out"))
        case "activate":
            rule = ([.staged, .deprovisioned], .provisioned, .alreadyActive())
        case "reactivate":
            rule = ([.provisioned], nil, .notAllowedInStatus())
        default:
            throw OktaAPIError.notFound(String(call.request.path.prefix(200)), kind: call.request.method)
        }
        try state.withLock { state throws(OktaAPIError) in
            guard let position = state.find(key) else { throw OktaAPIError.notFound(key) }
            guard rule.allowed.contains(state.users[position].status) else { throw rule.refusal }
            if let to = rule.to {
                state.setStatus(to, at: position, now: call.now, requestID: call.requestID, via: "api")
            }
        }
        // activate and reactivate with sendEmail=false hand the activation link to the caller.
        if operation == "activate" || operation == "reactivate", Self.flag(call.request, "sendEmail") == false {
            let token = String(call.requestID.prefix(20))
            return try Self.json(["activationUrl": call.base + "/welcome/" + token, "activationToken": token])
        }
        // No content type: Okta's Python SDK parses any `application/json` body, even an empty one.
        return HTTPServerResponse(status: 200)
    }

    /// `DELETE /api/v1/users/{id}`: a deprovisioned user is deleted; any other is deactivated
    /// first (Okta's two-step deletion). 204 either way.
    func deleteUser(_ key: String, _ call: Call) throws(OktaAPIError) -> HTTPServerResponse {
        try state.withLock { state throws(OktaAPIError) in
            guard let position = state.find(key) else { throw OktaAPIError.notFound(key) }
            if state.users[position].status == .deprovisioned {
                state.users[position].removed = true
            } else {
                state.setStatus(.deprovisioned, at: position, now: call.now, requestID: call.requestID, via: "api")
            }
        }
        return HTTPServerResponse(status: 204)
    }

    /// `DELETE /api/v1/users/{id}/sessions[?oauthTokens=true][&forgetDevices=…]` (identity.md
    /// §4.4): 204, recorded for ``inspect()``.
    func clearSessions(_ key: String, _ call: Call) throws(OktaAPIError) -> HTTPServerResponse {
        let oauthTokens = Self.flag(call.request, "oauthTokens") ?? false
        let forgetDevices = Self.flag(call.request, "forgetDevices")
        try state.withLock { state throws(OktaAPIError) in
            guard let position = state.find(key) else { throw OktaAPIError.notFound(key) }
            state.sessionClears.append(
                .init(
                    userID: state.users[position].id, oauthTokens: oauthTokens, forgetDevices: forgetDevices, at: call.now,
                    requestID: call.requestID))
        }
        return HTTPServerResponse(status: 204)
    }

    /// A boolean query parameter (`true`/`false`, any case); nil when absent or neither.
    static func flag(_ request: HTTPServerRequest, _ name: String) -> Bool? {
        for part in request.query.split(separator: "&") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == name else { continue }
            switch pair[1].lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        }
        return nil
    }
}
