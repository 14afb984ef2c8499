import PalisadeJSON
import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

extension EntraSimulator {
    /// `GET /users/{id | userPrincipalName}` (identity.md §2.1): the default properties, or `$select`'s.
    func getUser(_ key: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.readUsers, app)
        let select = try selection(try queryPairs(context))
        let user = try activeUser(key)
        let object = user.object(select ?? EntraUserRecord.defaultProperties)
        return Self.json(200, object.prepending(("@odata.context", metadata(context, "users", select, entity: true))))
    }

    /// `GET /users?$filter=…&$select=…&$top=…` (identity.md §2.2): a collection, paged.
    func listUsers(app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.readUsers, app)
        let query = try queryPairs(context)
        let select = try selection(query)
        let filter = try query["$filter"].map { (text) throws(GraphError) in try ODataFilter.parse(text) }
        let top = try pageSize(query, fallback: configuration.pageSize)
        let after = try query["$skiptoken"].map { (token) throws(GraphError) in try Self.decodeSkipToken(token) } ?? -1
        let (page, more) = state.withLock { state -> ([EntraUserRecord], Bool) in
            let matching = state.users.filter { $0.index > after && $0.isActive && (filter?.matches($0) ?? true) }
            return (Array(matching.prefix(top)), matching.count > top)
        }
        var members: [(String, GraphJSON)] = [("@odata.context", metadata(context, "users", select))]
        if more, let last = page.last {
            members.append(("@odata.nextLink", .string(link(context, "/v1.0/users", query, skipToken: last.index))))
        }
        members.append(("value", .array(page.map { $0.object(select ?? EntraUserRecord.defaultProperties) })))
        return Self.json(200, .object(members))
    }

    /// `POST /users/{id}/revokeSignInSessions` (identity.md §2.3): 200 `{"value": true}`.
    func revokeSessions(_ key: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.revoke, app)
        let index = try activeUser(key).index
        state.withLock { $0.revokeSessions(index, now: context.now, by: "graph:" + app.clientID) }
        return Self.json(
            200, .object([("@odata.context", .string(context.baseURL + "/v1.0/$metadata#Edm.Boolean")), ("value", .bool(true))]))
    }

    /// `PATCH /users/{id}` (identity.md §2.4): `accountEnabled` and a few names; 204.
    func patchUser(_ key: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        let body = context.request.body
        guard let document = try? JSONElement.parse(body.isEmpty ? Array("{}".utf8) : body, maxDepth: 16),
            let members = document.members
        else { throw .unreadableBody }
        var enabled: Bool?
        var texts: [(String, String)] = []
        for member in members {
            switch member.key {
            case "accountEnabled":
                guard case .bool(let value) = member.element.value else {
                    throw .badRequest(
                        "Cannot convert the literal '\(member.element.text(in: body).prefix(64))' to the expected type 'Edm.Boolean'.")
                }
                enabled = value
            case "displayName", "givenName", "surname", "userPrincipalName", "mail":
                guard let value = member.element.string, !value.isEmpty, value.utf8.count <= 256 else {
                    throw .badRequest("Invalid value specified for property '\(member.key)' of resource 'User'.")
                }
                if member.key == "userPrincipalName", !value.contains("@") {
                    throw .badRequest("Invalid value specified for property 'userPrincipalName' of resource 'User'.")
                }
                texts.append((member.key, value))
            case "@odata.type":
                // msgraph-sdk (kiota) names the type in every body it sends.
                guard member.element.string == "#microsoft.graph.user" else {
                    throw .badRequest("A resource of type '\(member.element.string ?? "?")' cannot update a user.")
                }
            case let key where key.hasPrefix("@"):
                break  // other instance annotations carry no data
            case "id", "signInSessionsValidFromDateTime", "deletedDateTime", "createdDateTime":
                throw .badRequest("Property '\(member.key)' is read-only and cannot be set.")
            default:
                if EntraUserRecord.knownProperties.contains(member.key) {
                    throw .badRequest("The simulator does not update the property '\(member.key)'.")
                }
                throw .badRequest("Property '\(member.key)' does not exist as a declared property or extension property.")
            }
        }
        if enabled != nil { try require(Permission.enableDisable, app) }
        if !texts.isEmpty { try require(Permission.update, app) }
        if enabled == nil, texts.isEmpty { try require(Permission.enableDisable + Permission.update, app) }
        let user = try activeUser(key)
        // Changing accountEnabled on a privileged administrator needs a privileged role too (UPD).
        if enabled != nil, user.isAdmin, !app.isPrivilegedAdmin { throw .denied }
        let by = "graph:" + app.clientID
        try state.withLock { (state) throws(GraphError) in
            for (property, value) in texts where property == "userPrincipalName" {
                if let other = state.userIndex(value), other != user.index {
                    throw GraphError(
                        status: 400, code: "Request_BadRequest",
                        message: "Another object with the same value for property userPrincipalName already exists.")
                }
            }
            if let enabled { state.setEnabled(user.index, enabled, now: context.now, by: by) }
            for (property, value) in texts { state.setText(user.index, property, value, now: context.now, by: by) }
        }
        return HTTPServerResponse(status: 204)
    }

    /// `DELETE /users/{id}` (identity.md §2.6): soft delete, 204.
    func deleteUser(_ key: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.deleteRestore, app)
        let user = try activeUser(key)
        if user.isAdmin, !app.isPrivilegedAdmin { throw .denied }
        state.withLock { $0.setDeleted(user.index, true, now: context.now, by: "graph:" + app.clientID) }
        return HTTPServerResponse(status: 204)
    }

    /// The user that `key` (id or UPN) names, if it is in `/users`; 404 otherwise (GI).
    func activeUser(_ key: String) throws(GraphError) -> EntraUserRecord {
        let user = state.withLock { state in state.userIndex(key).map { state.users[$0] } }
        guard let user, user.isActive else { throw .notFound(key) }
        return user
    }

    /// An absolute link to `path` with `query`'s options and a new `$skiptoken`.
    func link(_ context: RequestContext, _ path: String, _ query: [String: String], skipToken: Int) -> String {
        var parts: [String] = []
        for key in query.keys.sorted() where key != "$skiptoken" {
            parts.append(key + "=" + FormDecoding.encode(query[key] ?? ""))
        }
        parts.append("$skiptoken=" + Base64URL.encode(Array("after:\(skipToken)".utf8)))
        return context.baseURL + path + "?" + parts.joined(separator: "&")
    }

    /// The directory index a `$skiptoken` continues after.
    static func decodeSkipToken(_ token: String) throws(GraphError) -> Int {
        guard let bytes = Base64URL.decode(token[...]), let text = String(validating: bytes, as: UTF8.self),
            text.hasPrefix("after:"), let index = Int(text.dropFirst(6)), index >= 0
        else { throw .badRequest("The $skiptoken '\(token.prefix(64))' is not valid.") }
        return index
    }
}

extension GraphJSON {
    /// The object with `member` first.
    func prepending(_ member: (String, GraphJSON)) -> GraphJSON {
        guard case .object(let members) = self else { return self }
        return .object([member] + members)
    }
}
