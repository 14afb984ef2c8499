/// One validated `GET /audit/v1/logs` request: the window, the filters and the page size.
struct LogsQuery: Sendable, Equatable {
    /// `oldest`, inclusive.
    var oldest: Int64?
    /// `latest`, inclusive.
    var latest: Int64?
    /// From the cursor: only entries strictly older than this second.
    var before: Int64?
    /// `action`: any of these names (nil = all).
    var actions: [String]?
    /// `actor`: the acting user's ID.
    var actor: String?
    /// `entity`: the target's ID.
    var entity: String?
    /// Entries wanted (the page may hold more, to finish the boundary second).
    var limit: Int

    /// The newest second the page may contain.
    var upperBound: Int64 {
        let fromCursor = before.map { $0 == Int64.min ? Int64.min : $0 - 1 } ?? Int64.max
        return min(latest ?? Int64.max, fromCursor)
    }

    /// The oldest second the page may contain.
    var lowerBound: Int64 { oldest ?? Int64.min }

    /// Whether any filter besides the time window is set.
    var hasFilters: Bool { actions != nil || actor != nil || entity != nil }

    /// Whether `entry` passes the filters (the window is checked by the caller's scan).
    @inline(__always)
    func matches(_ entry: borrowing SimEntry) -> Bool {
        if let actor, entry.actorID != actor { return false }
        if let entity, entry.entityID != entity { return false }
        if let actions, !actions.contains(entry.action) { return false }
        return true
    }
}
