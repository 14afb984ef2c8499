import PalisadeRPC
import Synchronization

extension EntraSimulator {
    /// Deleted items show the default properties plus `deletedDateTime` (DEL).
    static let deletedProperties = EntraUserRecord.defaultProperties + ["deletedDateTime"]

    /// `GET /directory/deletedItems/microsoft.graph.user` (or the short cast `graph.user`):
    /// soft-deleted users with `deletedDateTime`, `$select`, `$top` paging (identity.md §2.7).
    func deletedUsers(app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.readDeleted, app)
        let query = try queryPairs(context)
        let select = try selection(query)
        let top = try pageSize(query, fallback: configuration.pageSize)
        let after = try query["$skiptoken"].map { (token) throws(GraphError) in try Self.decodeSkipToken(token) } ?? -1
        let (page, more) = state.withLock { state -> ([EntraUserRecord], Bool) in
            let deleted = state.users.filter { $0.index > after && $0.deletedAt != nil && !$0.purged }
            return (Array(deleted.prefix(top)), deleted.count > top)
        }
        let path =
            context.request.path.hasSuffix("graph.user")
            ? String(context.request.path) : "/v1.0/directory/deletedItems/microsoft.graph.user"
        var members: [(String, GraphJSON)] = [("@odata.context", metadata(context, "directoryObjects/microsoft.graph.user", select))]
        if more, let last = page.last { members.append(("@odata.nextLink", .string(link(context, path, query, skipToken: last.index)))) }
        members.append(("value", .array(page.map { $0.object(select ?? Self.deletedProperties) })))
        return Self.json(200, .object(members))
    }

    /// `GET /directory/deletedItems/{id}`: one soft-deleted user.
    func deletedUser(_ id: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.readDeleted, app)
        let select = try selection(try queryPairs(context))
        let user = state.withLock { state in state.indexByID[id.lowercased()].map { state.users[$0] } }
        guard let user, user.deletedAt != nil, !user.purged else { throw .notFound(id) }
        let object = user.object(select ?? Self.deletedProperties)
        return Self.json(
            200, object.prepending(("@odata.context", metadata(context, "directoryObjects/microsoft.graph.user", select, entity: true))))
    }

    /// `POST /directory/deletedItems/{id}/restore` (identity.md §2.6): back into `/users`.
    func restoreUser(_ id: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.deleteRestore, app)
        let restored = state.withLock { state -> EntraUserRecord? in
            guard let index = state.indexByID[id.lowercased()], state.users[index].deletedAt != nil, !state.users[index].purged
            else { return nil }
            state.setDeleted(index, false, now: context.now, by: "graph:" + app.clientID)
            return state.users[index]
        }
        guard let restored else { throw .notFound(id) }
        let object = restored.object(Self.deletedProperties)
        return Self.json(
            200, object.prepending(("@odata.context", metadata(context, "directoryObjects/microsoft.graph.user", nil, entity: true))))
    }
}
