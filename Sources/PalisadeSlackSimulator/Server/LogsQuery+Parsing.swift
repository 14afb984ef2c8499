extension LogsQuery {
    /// Slack: "max 9999" entries per call; larger `limit` values are clamped to it.
    static let maxLimit = 9_999
    /// Slack: at most 30 comma-separated actions in one `action` filter.
    static let maxActions = 30
    /// Slack: no audit data before March 2018 (2018-03-01T00:00:00Z).
    static let firstSecond: Int64 = 1_519_862_400

    /// Reads and checks a `/logs` query. Empty values count as absent.
    ///
    /// - Parameters:
    ///   - fields: the decoded query parameters.
    ///   - now: the simulator's current time (a window starting after it is `invalid_range`).
    ///   - isKnownAction: whether an `action` name exists.
    ///   - resolveCursor: the second an issued cursor continues below, nil when not issued.
    static func parse(
        _ fields: [String: String], defaultLimit: Int, now: Int64,
        isKnownAction: (String) -> Bool,
        resolveCursor: (String) -> Int64?
    ) throws(AuditAPIError) -> LogsQuery {
        func value(_ name: String) -> String? {
            guard let text = fields[name], !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String) throws(AuditAPIError) -> Int64? {
            guard let text = value(name) else { return nil }
            guard let number = Int64(text) else {
                throw .invalidArguments("\(name) must be an integer (Unix seconds for oldest/latest), not '\(text.prefix(40))'")
            }
            return number
        }

        var limit = defaultLimit
        if let requested = try integer("limit") {
            guard requested >= 1 else { throw .invalidArguments("limit must be at least 1") }
            limit = Int(min(requested, Int64(maxLimit)))
        }

        let oldest = try integer("oldest")
        let latest = try integer("latest")
        if let oldest, let latest, oldest > latest { throw .invalidRange }
        if let latest, latest < firstSecond { throw .invalidRange }
        if let oldest, oldest > now { throw .invalidRange }

        var actions: [String]?
        if let list = value("action") {
            let names = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard names.count <= maxActions, names.allSatisfy({ !$0.isEmpty && isKnownAction($0) }) else {
                throw .invalidAction
            }
            actions = names
        }

        var before: Int64?
        if let cursor = value("cursor") {
            guard let second = resolveCursor(cursor) else { throw .invalidCursor }
            before = second
        }

        return LogsQuery(
            oldest: oldest, latest: latest, before: before, actions: actions,
            actor: value("actor"), entity: value("entity"), limit: max(1, limit))
    }
}
