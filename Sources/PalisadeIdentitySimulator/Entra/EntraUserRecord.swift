/// One user of the simulated tenant as it is now, with what delta queries need: the sequence
/// number of the last change to each property.
struct EntraUserRecord: Sendable {
    /// Position in the directory (the order of `/users` and delta pages).
    let index: Int
    let id: String
    let isAdmin: Bool
    var userPrincipalName: String
    var mail: String?
    var displayName: String
    var givenName: String
    var surname: String
    var accountEnabled: Bool
    /// Soft-deleted at (in deleted items), Unix seconds.
    var deletedAt: Int64?
    /// Permanently deleted: gone from deleted items too; delta reports `reason: deleted`.
    var purged = false
    var signInSessionsValidFrom: Int64
    /// The change sequence number at which each property last changed (0 = from the start);
    /// `""` stands for the user's existence (deleted, restored, purged).
    var changedAt: [String: Int] = [:]

    init(person: DirectoryPerson, index: Int, createdAt: Int64) {
        self.index = index
        id = person.entraID
        isAdmin = person.isAdmin
        userPrincipalName = person.email
        mail = person.email
        displayName = person.displayName
        givenName = person.givenName
        surname = person.surname
        switch person.status {
        case .active: accountEnabled = true
        case .disabled: accountEnabled = false
        case .deleted(let at):
            // People deleted in the scenario were disabled when they left, then deleted.
            accountEnabled = false
            deletedAt = at
        }
        signInSessionsValidFrom = createdAt
    }

    /// In `/users` (neither soft-deleted nor purged).
    var isActive: Bool { deletedAt == nil && !purged }

    /// Every property Graph's `user` has that the simulator serves, for `$select` checks.
    static let knownProperties: Set<String> = [
        "id", "userPrincipalName", "mail", "displayName", "givenName", "surname", "accountEnabled",
        "signInSessionsValidFromDateTime", "businessPhones", "jobTitle", "mobilePhone", "officeLocation",
        "preferredLanguage", "deletedDateTime", "userType", "otherMails", "employeeLeaveDateTime",
        "onPremisesSyncEnabled",
    ]

    /// Returned when there is no `$select` (GET, USR), in Graph's order.
    static let defaultProperties = [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName", "id",
    ]

    /// The value of one property.
    func value(_ property: String) -> GraphJSON {
        switch property {
        case "id": .string(id)
        case "userPrincipalName": .string(userPrincipalName)
        case "mail": .optional(mail)
        case "displayName": .string(displayName)
        case "givenName": .string(givenName)
        case "surname": .string(surname)
        case "accountEnabled": .bool(accountEnabled)
        case "signInSessionsValidFromDateTime": .string(SimTime.iso(signInSessionsValidFrom))
        case "businessPhones", "otherMails": .array([])
        case "deletedDateTime": .optional(deletedAt.map(SimTime.iso))
        case "userType": .string("Member")
        default: .null
        }
    }

    /// The user as a JSON object with `properties` (each once, in the given order).
    func object(_ properties: [String], extra: [(String, GraphJSON)] = []) -> GraphJSON {
        .object(properties.map { ($0, value($0)) } + extra)
    }

    /// Whether any of `properties` (or the user's existence) changed after sequence `since`, up to `upto`.
    func changed(after since: Int, upTo upto: Int, in properties: [String]) -> Bool {
        (([""] + properties).contains { (changedAt[$0] ?? 0) > since && (changedAt[$0] ?? 0) <= upto })
    }
}
