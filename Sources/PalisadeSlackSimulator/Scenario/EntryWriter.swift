/// Where an entry came from: the acting account, its network and client.
struct ActorContext: Sendable {
    /// Index into the organisation's users.
    var user: Int
    /// Index into the organisation's workspaces (the `context.location` of workspace-level actions).
    var workspace: Int
    /// Index into the organisation's sites, and the host byte inside its /24.
    var site: Int
    var host: Int
    /// Index into `UserAgents.all`.
    var userAgent: Int
    /// `context.session_id`, nil for bots and failed logins.
    var session: UInt64?
}

/// Writes one audit entry as Slack sends it (slack-api.md §1.4), and its quirk variant.
///
/// The quirk variant is made by splicing: while writing, every value Slack sometimes types
/// differently is recorded with its alternative text, so the variant differs from `json` in
/// exactly those fields and costs one copy.
struct EntryWriter {
    private var j = JSONBytes()
    private var splices: [(range: Range<Int>, replacement: [UInt8])] = []
    private var ids: EntryIDSource
    private var detailCount = 0
    private var id = ""
    private var date: Int64 = 0
    private var action = AuditAction.userLogin
    private var actorID = ""
    private var entityID = ""

    init(ids: EntryIDSource) {
        self.ids = ids
        j.bytes.reserveCapacity(2_048)
    }

    /// Starts an entry: id, date, action, actor and entity (an `{"type":…}` object).
    mutating func begin(
        _ action: AuditAction, date: Int64, actor: [UInt8], actorID: String,
        entity: [UInt8], entityID: String
    ) {
        j.bytes.removeAll(keepingCapacity: true)
        splices.removeAll(keepingCapacity: true)
        detailCount = -1
        j.raw("{\"id\":\"")
        let idStart = j.bytes.count
        ids.next(into: &j.bytes)
        id = String(decoding: j.bytes[idStart...], as: UTF8.self)
        j.raw("\",\"date_create\":")
        j.int(date)
        j.raw(",\"action\":\"")
        j.raw(action.utf8)
        j.raw("\",\"actor\":")
        j.raw(actor)
        j.member("entity", raw: entity)
        self.date = date
        self.action = action
        self.actorID = actorID
        self.entityID = entityID
    }

    /// Writes `context`: location, ua, ip, session (string; number in the quirk variant), and
    /// optionally `app` and the Slackbot agent fields.
    mutating func context(
        location: [UInt8], userAgent: Int, network: [UInt8], host: Int, session: UInt64?,
        app: [UInt8]? = nil, agentMessage: (team: String, channel: String, ts: Int64)? = nil
    ) {
        j.raw(",\"context\":{\"location\":")
        j.raw(location)
        j.member("ua", raw: UserAgents.quoted[userAgent])
        j.raw(",\"ip_address\":\"")
        j.raw(network)
        j.int(UInt64(host))
        j.raw("\",\"session_id\":")
        if let session {
            let start = j.bytes.count
            j.raw("\"")
            j.int(session)
            j.raw("\"")
            splices.append((start..<j.bytes.count, Array(j.bytes[(start + 1)..<(j.bytes.count - 1)])))
        } else {
            j.raw("null")
        }
        if let app {
            j.member("app", raw: app)
        }
        if let agentMessage {
            // Slackbot answers a few seconds after the user's message in the same thread.
            j.raw(",\"acting_agent\":\"Slackbot\",\"agent_message\":{\"team\":")
            j.string(agentMessage.team)
            j.member("channel_id", agentMessage.channel)
            j.raw(",\"message_ts\":\"")
            j.int(agentMessage.ts)
            j.raw(".")
            j.int(UInt64(100_000 + agentMessage.ts % 900_000))
            j.raw("\",\"thread_ts\":\"")
            j.int(agentMessage.ts - 90)
            j.raw(".000200\"}")
        }
        j.raw("}")
    }

    /// Writes the key of the next `details` field (opening the object on the first one).
    mutating func key(_ name: StaticString) {
        if detailCount < 0 {
            j.raw(",\"details\":{\"")
            detailCount = 0
        } else {
            j.raw(",\"")
        }
        detailCount += 1
        j.raw(name)
        j.raw("\":")
    }

    mutating func value(_ text: String) { j.string(text) }
    mutating func value(_ flag: Bool) { j.bool(flag) }
    mutating func value(_ number: Int64) { j.int(number) }
    mutating func value(raw fragment: [UInt8]) { j.raw(fragment) }
    mutating func value(raw literal: StaticString) { j.raw(literal) }
    mutating func value(_ items: [String]) { j.strings(items) }

    /// `details.reason`: an array; in the quirk variant the reasons joined by "," as one string.
    mutating func reasons(_ items: [String]) {
        let start = j.bytes.count
        j.strings(items)
        splices.append((start..<j.bytes.count, JSONBytes.quoted(items.joined(separator: ","))))
    }

    /// An array of ids; in the quirk variant the same array as a JSON-encoded string.
    mutating func encodedArray(_ items: [String]) {
        let start = j.bytes.count
        j.strings(items)
        let text = String(decoding: j.bytes[start...], as: UTF8.self)
        splices.append((start..<j.bytes.count, JSONBytes.quoted(text)))
    }

    /// Closes the entry and returns it.
    mutating func finish() -> SimEntry {
        if detailCount >= 0 { j.raw("}") }
        j.raw("}")
        var quirk: [UInt8]?
        if !splices.isEmpty {
            var q: [UInt8] = []
            q.reserveCapacity(j.bytes.count + 64)
            var from = 0
            for splice in splices {
                q.append(contentsOf: j.bytes[from..<splice.range.lowerBound])
                q.append(contentsOf: splice.replacement)
                from = splice.range.upperBound
            }
            q.append(contentsOf: j.bytes[from...])
            quirk = q
        }
        return SimEntry(
            id: id, dateCreate: date, action: action.rawValue, actorID: actorID, entityID: entityID,
            json: j.bytes, quirkJSON: quirk)
    }
}
