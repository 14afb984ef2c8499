import Foundation
import PalisadeRPC
import Synchronization

extension EntraSimulator {
    /// The content type of Graph's JSON answers.
    static let graphContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    /// App roles, any one group of which allows a call (identity.md §2.9).
    enum Permission {
        static let readUsers = [["User.Read.All"], ["User.ReadWrite.All"], ["Directory.Read.All"], ["Directory.ReadWrite.All"]]
        static let readDeleted = readUsers + [["User.DeleteRestore.All"]]
        static let revoke = [["User.RevokeSessions.All"], ["User.ReadWrite.All"], ["Directory.ReadWrite.All"]]
        static let enableDisable = [
            ["User.EnableDisableAccount.All", "User.Read.All"], ["User.ReadWrite.All"], ["Directory.ReadWrite.All"],
        ]
        static let update = [["User.ReadWrite.All"], ["Directory.ReadWrite.All"]]
        static let deleteRestore = [["User.DeleteRestore.All"], ["User.ReadWrite.All"]]
        static let sendMail = [["Mail.Send"]]
    }

    /// `/v1.0/…`: authenticates, then routes.
    func graph(_ segments: [String], _ context: RequestContext) -> HTTPServerResponse {
        do throws(GraphError) {
            let app = try authenticate(context)
            guard context.request.body.count <= Self.maxBodySize else {
                throw .badRequest("The request body is larger than \(Self.maxBodySize) bytes.")
            }
            var response = try graphRoute(Self.normalised(segments), app: app, context)
            response.headers.append(("x-ms-resource-unit", "1"))
            return response
        } catch {
            return error.response(context)
        }
    }

    /// `users('x')` → `users`, `x` (the form a UPN starting with `$` needs).
    static func normalised(_ segments: [String]) -> [String] {
        guard let first = segments.first, first.hasPrefix("users("), first.hasSuffix(")") else { return segments }
        var key = String(first.dropFirst(6).dropLast())
        if key.hasPrefix("'"), key.hasSuffix("'"), key.count >= 2 {
            key = String(key.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return ["users", key] + segments.dropFirst()
    }

    private func graphRoute(_ segments: [String], app: EntraApp, _ context: RequestContext) throws(GraphError)
        -> HTTPServerResponse
    {
        let method = context.request.method
        func only(_ allowed: String) throws(GraphError) {
            guard method == allowed || (allowed == "GET" && method == "HEAD") else { throw .methodNotAllowed(method) }
        }
        switch segments.count {
        case 1 where segments[0] == "users":
            try only("GET")
            return try listUsers(app: app, context)
        case 2 where segments[0] == "users" && Self.deltaNames.contains(segments[1]):
            try only("GET")
            return try delta(app: app, context)
        case 2 where segments[0] == "users":
            switch method {
            case "GET", "HEAD": return try getUser(segments[1], app: app, context)
            case "PATCH": return try patchUser(segments[1], app: app, context)
            case "DELETE": return try deleteUser(segments[1], app: app, context)
            default: throw .methodNotAllowed(method)
            }
        case 3 where segments[0] == "users" && ["revokeSignInSessions", "microsoft.graph.revokeSignInSessions"].contains(segments[2]):
            try only("POST")
            return try revokeSessions(segments[1], app: app, context)
        case 3 where segments[0] == "users" && ["sendMail", "microsoft.graph.sendMail"].contains(segments[2]):
            try only("POST")
            return try sendMail(segments[1], app: app, context)
        case 2 where segments[0] == "directory" && segments[1] == "deletedItems":
            throw .badRequest("The OData cast segment is required: use /directory/deletedItems/microsoft.graph.user.")
        case 3 where segments[0] == "directory" && segments[1] == "deletedItems":
            try only("GET")
            if ["microsoft.graph.user", "graph.user"].contains(segments[2]) { return try deletedUsers(app: app, context) }
            return try deletedUser(segments[2], app: app, context)
        case 4
        where segments[0] == "directory" && segments[1] == "deletedItems"
            && ["restore", "microsoft.graph.restore"].contains(segments[3]):
            try only("POST")
            return try restoreUser(segments[2], app: app, context)
        default:
            throw GraphError(
                status: 400, code: "BadRequest",
                message: "Resource not found for the segment '\(segments.last ?? "v1.0")'.")
        }
    }

    /// The largest Graph request body answered normally: a mail with a large MIME body fits.
    static let maxBodySize = 1 << 20

    static let deltaNames: Set<String> = ["delta", "delta()", "microsoft.graph.delta", "microsoft.graph.delta()"]

    /// The app behind the request's bearer token, or 401 (identity.md §3.1).
    private func authenticate(_ context: RequestContext) throws(GraphError) -> EntraApp {
        guard let header = context.request.header("authorization"), !header.isEmpty else {
            throw .unauthenticated("Access token is empty.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthenticated("Access token validation failure. Invalid audience.")
        }
        let token = String(parts[1])
        let found = state.withLock { state -> (EntraState.IssuedToken, EntraApp?)? in
            guard let issued = state.issued[token] else { return nil }
            return (issued, state.apps[issued.clientID.lowercased()])
        }
        guard let (issued, app) = found else {
            if token.split(separator: ".", omittingEmptySubsequences: false).count != 3 {
                throw .unauthenticated("CompactToken parsing failed with error code: 80049217")
            }
            throw .unauthenticated("Access token validation failure.")
        }
        guard context.now < issued.expires else { throw .unauthenticated("Access token has expired or is not yet valid.") }
        guard let app else { throw .unauthenticated("Access token validation failure. Invalid audience.") }
        return app
    }

    /// 403 unless the app holds one of `alternatives`.
    func require(_ alternatives: [[String]], _ app: EntraApp) throws(GraphError) {
        guard app.holds(anyOf: alternatives) else { throw .denied }
    }

    /// A Graph JSON answer.
    static func json(_ status: Int, _ value: GraphJSON, headers: [(name: String, value: String)] = []) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: graphContentType, body: value.bytes, headers: headers)
    }

    /// The query's pairs, or 400 for a query that is not form encoding.
    func queryPairs(_ context: RequestContext) throws(GraphError) -> [String: String] {
        guard let pairs = context.query else { throw .badRequest("The query string is not valid percent-encoding.") }
        var fields: [String: String] = [:]
        for (key, value) in pairs where fields[key] == nil { fields[key] = value }
        return fields
    }

    /// `$select`'s properties in the order given (each once), or nil for none; 400 for an unknown one.
    func selection(_ query: [String: String]) throws(GraphError) -> [String]? {
        guard let text = query["$select"] else { return nil }
        var properties: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard EntraUserRecord.knownProperties.contains(name) else {
                throw .badRequest(
                    "Parsing OData Select and Expand failed: Could not find a property named '\(name)' on type 'microsoft.graph.user'.")
            }
            if !properties.contains(name) { properties.append(name) }
        }
        guard !properties.isEmpty else { throw .badRequest("$select names no property.") }
        return properties
    }

    /// `$top` within 1…999, or `fallback`.
    func pageSize(_ query: [String: String], fallback: Int) throws(GraphError) -> Int {
        guard let text = query["$top"] else { return max(1, fallback) }
        guard let top = Int(text), (1...999).contains(top) else {
            throw .badRequest("Invalid page size specified: '\(text.prefix(32))'. Must be between 1 and 999 inclusive.")
        }
        return top
    }

    /// `…/$metadata#users(id,mail)` or `…/$metadata#users`.
    func metadata(_ context: RequestContext, _ set: String, _ select: [String]?, entity: Bool = false) -> GraphJSON {
        let properties = select.map { "(" + $0.joined(separator: ",") + ")" } ?? ""
        return .string(context.baseURL + "/v1.0/$metadata#" + set + properties + (entity ? "/$entity" : ""))
    }
}
