import Foundation
import PalisadeJSON
import PalisadeRPC
import PalisadeSlackSimulator

/// `/_sim/*`: test hooks over HTTP, no token needed. They exist for tests and demos on a test
/// host; never expose the simulator where anyone else can reach it.
///
/// - `GET /_sim/inspect`: ``EntraInspection`` as JSON.
/// - `POST /_sim/faults`: `{"faults": ["429=2.128@every:3", …], "expireTokens": true,
///   "expireSecrets": ["<client id>"], "removeRoles": [{"clientId": "…", "role": "Mail.Send"}],
///   "grantRoles": […]}`; every member is optional, `faults` replaces the request faults.
/// - `POST /_sim/users/{id}/delete|restore|purge|disable|enable`, and `…/rename` with
///   `{"userPrincipalName", "mail", "displayName"}` (each optional).
/// - `POST /_sim/delta/invalidate`: delta tokens answer 410 from now on.
extension EntraSimulator {
    func hook(_ request: HTTPServerRequest, _ segments: [String]) -> HTTPServerResponse {
        switch (request.method, segments.count) {
        case ("GET", 1) where segments[0] == "inspect":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(inspect()) else { return Self.hookError(500, "cannot encode the inspection") }
            return HTTPServerResponse(status: 200, contentType: "application/json", body: Array(data))
        case ("POST", 1) where segments[0] == "faults":
            return faultsHook(request.body)
        case ("POST", 2) where segments == ["delta", "invalidate"]:
            invalidateDeltaTokens()
            return Self.hookOK
        case ("POST", 3) where segments[0] == "users":
            return userHook(segments[1], segments[2], request.body)
        default:
            return Self.hookError(404, "no such test hook: \(request.method) /_sim/\(segments.joined(separator: "/"))")
        }
    }

    private func userHook(_ id: String, _ action: String, _ body: [UInt8]) -> HTTPServerResponse {
        let found: Bool
        switch action {
        case "delete": found = delete(userID: id)
        case "restore": found = restore(userID: id)
        case "purge": found = purge(userID: id)
        case "disable": found = setAccountEnabled(false, userID: id)
        case "enable": found = setAccountEnabled(true, userID: id)
        case "rename":
            guard let document = try? JSONElement.parse(body, maxDepth: 4), document.members != nil else {
                return Self.hookError(400, "rename takes a JSON object: {\"userPrincipalName\", \"mail\", \"displayName\"}")
            }
            found = rename(
                userID: id, userPrincipalName: document["userPrincipalName"]?.string, mail: document["mail"]?.string,
                displayName: document["displayName"]?.string)
        default: return Self.hookError(404, "unknown user action '\(action)': delete, restore, purge, disable, enable, rename")
        }
        return found ? Self.hookOK : Self.hookError(404, "no user '\(id)'")
    }

    private func faultsHook(_ body: [UInt8]) -> HTTPServerResponse {
        guard let document = try? JSONElement.parse(body, maxDepth: 8), document.members != nil else {
            return Self.hookError(400, "expected a JSON object, e.g. {\"faults\": [\"503@nth:1\"]}")
        }
        if let list = document["faults"] {
            guard case .array(let items) = list.value else { return Self.hookError(400, "'faults' must be an array of strings") }
            var faults: [EntraFault] = []
            for item in items {
                guard let spec = item.string else { return Self.hookError(400, "'faults' must be an array of strings") }
                do throws(FaultSpecError) { faults.append(try EntraFault(parsing: spec)) } catch {
                    return Self.hookError(400, error.message)
                }
            }
            setFaults(faults)
        }
        if case .bool(true) = document["expireTokens"]?.value { expireAllTokens() }
        if case .array(let items) = document["expireSecrets"]?.value {
            for item in items { if let id = item.string, !expireSecrets(clientID: id) { return Self.hookError(404, "no app '\(id)'") } }
        }
        for (key, granted) in [("removeRoles", false), ("grantRoles", true)] {
            guard case .array(let items) = document[key]?.value else { continue }
            for item in items {
                guard let id = item["clientId"]?.string, let role = item["role"]?.string else {
                    return Self.hookError(400, "'\(key)' entries are {\"clientId\", \"role\"}")
                }
                if !setRole(role, granted: granted, clientID: id) { return Self.hookError(404, "no app '\(id)'") }
            }
        }
        return Self.hookOK
    }

    private static let hookOK = HTTPServerResponse(status: 200, contentType: "application/json", body: Array(#"{"ok":true}"#.utf8))

    private static func hookError(_ status: Int, _ message: String) -> HTTPServerResponse {
        let body = GraphJSON.object([("ok", .bool(false)), ("error", .string(message))])
        return HTTPServerResponse(status: status, contentType: "application/json", body: body.bytes)
    }
}
