import PalisadeRPC
import Synchronization

extension EntraSimulator {
    /// How long a delta token lasts (DQ: 7 days for directory objects).
    static let deltaTokenLifetime: Int64 = 7 * 86_400

    /// `GET /users/delta` (and `delta()`): an initial round over every user in pages, then
    /// rounds of changes from a delta link; `@removed` for deleted users; `$deltatoken=latest`;
    /// `Prefer: return=minimal`; 410 with `Location` once tokens are invalidated (identity.md §2.8).
    func delta(app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.readUsers, app)
        let query = try queryPairs(context)
        let minimal = context.request.headers.contains { $0.name == "prefer" && $0.value.lowercased().contains("return=minimal") }
        let (generation, sequence) = state.withLock { ($0.deltaGeneration, $0.sequence) }
        var cursor: DeltaCursor
        if let token = query["$deltatoken"], !token.isEmpty {
            if token == "latest" {
                let now = DeltaCursor(
                    generation: generation, since: sequence, upto: sequence, after: -1, issued: context.now,
                    select: try selection(query), ids: nil)
                return deltaPage(context, cursor: now, items: [], more: false, minimal: minimal)
            }
            guard let decoded = DeltaCursor(token) else { throw .badRequest("Badly formed delta token.") }
            try checkFresh(decoded, generation: generation, context)
            // A new round: the changes since the token's point, up to now.
            cursor = DeltaCursor(
                generation: generation, since: decoded.since, upto: sequence, after: -1, issued: decoded.issued,
                select: decoded.select, ids: decoded.ids)
        } else if let token = query["$skiptoken"] {
            guard let decoded = DeltaCursor(token) else { throw .badRequest("Badly formed skip token.") }
            try checkFresh(decoded, generation: generation, context)
            cursor = decoded
        } else {
            var ids: [String]?
            if let text = query["$filter"] {
                guard let named = try ODataFilter.parse(text).idsOnly, named.count <= 50 else {
                    throw .badRequest("Delta on users supports $filter only as id eq '…' or-ed, up to 50 ids.")
                }
                ids = named.map { $0.lowercased() }
            }
            for option in ["$top", "$orderby", "$expand"] where query[option] != nil {
                throw .badRequest("The query option '\(option)' is not supported with delta on users.")
            }
            cursor = DeltaCursor(
                generation: generation, since: -1, upto: sequence, after: -1, issued: context.now,
                select: try selection(query), ids: ids)
        }
        let tracked = (cursor.select ?? EntraUserRecord.defaultProperties).filter { $0 != "id" }
        let size = max(1, configuration.deltaPageSize)
        let round = cursor
        let (page, more) = state.withLock { state -> ([EntraUserRecord], Bool) in
            let candidates = state.users.filter { user in
                guard user.index > round.after, round.ids?.contains(user.id) ?? true else { return false }
                return round.since < 0 ? user.isActive : user.changed(after: round.since, upTo: round.upto, in: tracked)
            }
            return (Array(candidates.prefix(size)), candidates.count > size)
        }
        let items = page.map { deltaItem($0, cursor: round, tracked: tracked, minimal: minimal) }
        if more, let last = page.last { cursor.after = last.index }
        return deltaPage(context, cursor: cursor, items: items, more: more, minimal: minimal)
    }

    /// 410 `resyncRequired` for a token of an older generation or older than 7 days.
    private func checkFresh(_ cursor: DeltaCursor, generation: Int, _ context: RequestContext) throws(GraphError) {
        guard cursor.generation != generation || context.now - cursor.issued > Self.deltaTokenLifetime else { return }
        let select = cursor.select.map { "$select=" + $0.joined(separator: ",") + "&" } ?? ""
        throw GraphError(
            status: 410, code: "resyncRequired",
            message: "The delta token is no longer valid: start a full synchronisation from the Location URL.",
            headers: [("location", context.baseURL + "/v1.0/users/delta?" + select + "$deltatoken=")])
    }

    /// One user in a delta page.
    private func deltaItem(_ user: EntraUserRecord, cursor: DeltaCursor, tracked: [String], minimal: Bool) -> GraphJSON {
        if cursor.since >= 0, !user.isActive {
            // Soft-deleted users can be restored ("changed"); purged ones are gone ("deleted").
            return .object([
                ("id", .string(user.id)), ("@removed", .object([("reason", .string(user.purged ? "deleted" : "changed"))])),
            ])
        }
        var properties = tracked
        if minimal, cursor.since >= 0, (user.changedAt[""] ?? 0) <= cursor.since {
            properties = tracked.filter { (user.changedAt[$0] ?? 0) > cursor.since }
        }
        return user.object(properties + ["id"])
    }

    private func deltaPage(
        _ context: RequestContext, cursor: DeltaCursor, items: [GraphJSON], more: Bool, minimal: Bool
    ) -> HTTPServerResponse {
        var members: [(String, GraphJSON)] = [("@odata.context", metadata(context, "users", cursor.select))]
        let base = context.baseURL + "/v1.0/users/delta?"
        if more {
            members.append(("@odata.nextLink", .string(base + "$skiptoken=" + cursor.encoded)))
        } else {
            var next = cursor
            next.since = cursor.upto
            next.after = -1
            next.issued = context.now
            members.append(("@odata.deltaLink", .string(base + "$deltatoken=" + next.encoded)))
        }
        members.append(("value", .array(items)))
        return Self.json(200, .object(members), headers: minimal ? [("preference-applied", "return=minimal")] : [])
    }
}
