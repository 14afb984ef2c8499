/// Everything an `OktaSimulator` changes while serving, behind one lock: the users, what
/// happened to them, the calls, the credentials and the faults.
struct OktaSimulatorState: Sendable {
    var users: [OktaUserRecord]
    /// User id → position in `users` (which never shrinks: deleted users stay as tombstones).
    var positions: [String: Int]
    var transitions: [OktaSimulatorInspection.Transition] = []
    var sessionClears: [OktaSimulatorInspection.SessionClear] = []
    var calls: [OktaSimulatorInspection.Call] = []
    var credentials: [String: OktaCredential]
    var revoked: Set<String> = []
    var faults: [OktaFault]
    /// API requests since the faults were last set (their triggers count from 1).
    var faultRequests = 0
    /// API requests since the start (request and error ids).
    var serial = 0
    /// `https://host[:port]`, the base of links.
    var linkBase: String

    init(configuration: OktaSimulatorConfiguration) {
        users = configuration.directory.people.map { OktaUserRecord(person: $0, epoch: configuration.accountsCreated) }
        positions = [:]
        for (position, user) in users.enumerated() where positions[user.id] == nil { positions[user.id] = position }
        credentials = [:]
        for credential in configuration.credentials { credentials[credential.value] = credential }
        faults = configuration.faults
        linkBase = "https://" + configuration.orgHost
    }

    /// The position of the (not deleted) user named by `key`: an id, a login (without regard to
    /// case) or, when only one login has it, the part of a login before `@`.
    func find(_ key: String) -> Int? {
        if let position = positions[key], !users[position].removed { return position }
        let lower = key.lowercased()
        if let position = users.firstIndex(where: { !$0.removed && $0.login.lowercased() == lower }) { return position }
        guard !lower.contains("@") else { return nil }
        let short = users.indices.filter { !users[$0].removed && users[$0].shortName == lower }
        return short.count == 1 ? short[0] : nil
    }

    /// Moves the user at `position` to `status`, recording the transition (none when unchanged).
    mutating func setStatus(_ status: OktaUserStatus, at position: Int, now: Int64, requestID: String?, via: String) {
        let from = users[position].status
        guard from != status else { return }
        users[position].status = status
        users[position].statusChanged = now
        users[position].lastUpdated = now
        if status == .active, users[position].activated == nil { users[position].activated = now }
        transitions.append(
            .init(userID: users[position].id, from: from, to: status, at: now, requestID: requestID, via: via))
    }

    /// Records an API call, keeping the most recent `limit`.
    mutating func record(_ call: OktaSimulatorInspection.Call, limit: Int) {
        calls.append(call)
        if calls.count > max(1, limit) { calls.removeFirst(calls.count - max(1, limit)) }
    }

    /// The credential presented as `scheme`/`value`, if accepted (known, same scheme, not revoked).
    func credential(_ value: String, scheme: OktaCredential.Scheme) -> OktaCredential? {
        guard !revoked.contains(value), let credential = credentials[value], credential.scheme == scheme else { return nil }
        return credential
    }

    /// The inspection snapshot.
    var inspection: OktaSimulatorInspection {
        OktaSimulatorInspection(
            users: users.map { .init(id: $0.id, login: $0.login, status: $0.status, deleted: $0.removed) },
            transitions: transitions, sessionClears: sessionClears, calls: calls, faults: faults.map(\.description))
    }
}
