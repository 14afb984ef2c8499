import PalisadeSlackSimulator

/// Everything the Entra simulator changes while serving, kept behind one lock: users, apps,
/// issued tokens, the outbox and the records `inspect()` returns.
struct EntraState: Sendable {
    /// An issued access token.
    struct IssuedToken: Sendable {
        var clientID: String
        var expires: Int64
        /// Index into `tokens` (the inspection record).
        var record: Int
    }

    var users: [EntraUserRecord]
    var indexByID: [String: Int] = [:]
    var apps: [String: EntraApp] = [:]
    var issued: [String: IssuedToken] = [:]
    var faults: [EntraFault]
    /// The change sequence: bumped by every change; delta tokens name a point in it.
    var sequence = 0
    /// Bumped when delta tokens are invalidated; tokens of an older generation get 410.
    var deltaGeneration = 0
    var random: SimRandom
    var graphRequests = 0
    var tokenRequests = 0
    var faultsInjected = 0
    var mails: [EntraInspection.Mail] = []
    var changes: [EntraInspection.Change] = []
    var revocations: [EntraInspection.Revocation] = []
    var calls: [EntraInspection.Call] = []
    var tokens: [EntraInspection.Token] = []

    init(configuration: EntraSimulatorConfiguration) {
        let start = configuration.clock.now()
        users = configuration.directory.people.enumerated().map { index, person in
            EntraUserRecord(person: person, index: index, createdAt: start)
        }
        for (index, user) in users.enumerated() where indexByID[user.id] == nil { indexByID[user.id] = index }
        for app in configuration.apps { apps[app.clientID.lowercased()] = app }
        faults = configuration.faults
        random = SimRandom(seed: configuration.seed)
    }

    /// A fresh GUID from the seeded generator (request ids, token ids).
    mutating func guid() -> String {
        let hex = random.hex(32)
        let digits = Array(hex)
        func part(_ range: Range<Int>) -> String { String(digits[range]) }
        return part(0..<8) + "-" + part(8..<12) + "-4" + part(13..<16) + "-8" + part(17..<20) + "-" + part(20..<32)
    }

    /// The user with this id or UPN (compared without regard to case), deleted or not.
    func userIndex(_ key: String) -> Int? {
        if let index = indexByID[key] ?? indexByID[key.lowercased()] { return index }
        let wanted = key.lowercased()
        return users.firstIndex { $0.userPrincipalName.lowercased() == wanted }
    }

    /// Records a change of `property` on user `index` and bumps the sequence.
    mutating func record(_ index: Int, _ property: String, old: String, new: String, now: Int64, by: String) {
        sequence += 1
        users[index].changedAt[property == "deleted" || property == "purged" ? "" : property] = sequence
        changes.append(
            EntraInspection.Change(user: users[index].id, what: property, old: old, new: new, time: now, by: by))
    }

    /// Sets `accountEnabled`; a change is recorded only when the value changes.
    mutating func setEnabled(_ index: Int, _ enabled: Bool, now: Int64, by: String) {
        let old = users[index].accountEnabled
        guard old != enabled else { return }
        users[index].accountEnabled = enabled
        record(index, "accountEnabled", old: String(old), new: String(enabled), now: now, by: by)
    }

    /// Sets a string property (`userPrincipalName`, `mail`, `displayName`, `givenName`, `surname`).
    mutating func setText(_ index: Int, _ property: String, _ value: String, now: Int64, by: String) {
        let old: String?
        switch property {
        case "userPrincipalName": old = users[index].userPrincipalName; users[index].userPrincipalName = value
        case "mail": old = users[index].mail; users[index].mail = value
        case "displayName": old = users[index].displayName; users[index].displayName = value
        case "givenName": old = users[index].givenName; users[index].givenName = value
        case "surname": old = users[index].surname; users[index].surname = value
        default: return
        }
        guard old != value else { return }
        record(index, property, old: old ?? "null", new: value, now: now, by: by)
    }

    /// Soft-deletes (into deleted items), restores, or purges (gone for good) a user.
    mutating func setDeleted(_ index: Int, _ deleted: Bool, now: Int64, by: String) {
        guard !users[index].purged, (users[index].deletedAt != nil) != deleted else { return }
        users[index].deletedAt = deleted ? now : nil
        record(index, "deleted", old: String(!deleted), new: String(deleted), now: now, by: by)
    }

    /// Deletes a user for good: gone from deleted items too.
    mutating func purge(_ index: Int, now: Int64, by: String) {
        guard !users[index].purged else { return }
        if users[index].deletedAt == nil { users[index].deletedAt = now }
        users[index].purged = true
        record(index, "purged", old: "false", new: "true", now: now, by: by)
    }

    /// Revokes the user's sessions: `signInSessionsValidFromDateTime` becomes now.
    mutating func revokeSessions(_ index: Int, now: Int64, by: String) {
        let old = users[index].signInSessionsValidFrom
        users[index].signInSessionsValidFrom = now
        record(
            index, "signInSessionsValidFromDateTime", old: SimTime.iso(old), new: SimTime.iso(now), now: now, by: by)
        revocations.append(EntraInspection.Revocation(user: users[index].id, time: now))
    }

    /// Expires every issued token at `now` (the next Graph call with one gets 401).
    mutating func expireTokens(now: Int64) {
        for key in Array(issued.keys) {
            guard var token = issued[key], token.expires > now else { continue }
            token.expires = now
            issued[key] = token
            tokens[token.record].expires = now
        }
    }

    /// Appends a call record, dropping the oldest beyond `limit`.
    mutating func log(_ call: EntraInspection.Call, limit: Int) {
        calls.append(call)
        if calls.count > max(1, limit) { calls.removeFirst(calls.count - max(1, limit)) }
    }

    /// The inspection value.
    func inspection() -> EntraInspection {
        EntraInspection(
            mails: mails,
            users: users.map {
                EntraInspection.User(
                    id: $0.id, userPrincipalName: $0.userPrincipalName, mail: $0.mail, displayName: $0.displayName,
                    accountEnabled: $0.accountEnabled, deleted: $0.deletedAt != nil, deletedDateTime: $0.deletedAt,
                    signInSessionsValidFromDateTime: $0.signInSessionsValidFrom, isAdmin: $0.isAdmin)
            },
            changes: changes, revocations: revocations, calls: calls, tokens: tokens, faultsInjected: faultsInjected)
    }
}
