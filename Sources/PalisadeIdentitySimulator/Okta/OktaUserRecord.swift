/// One user as the Okta simulator keeps it: the directory person's profile (which a test may
/// rename) and the lifecycle state the API changes. Times are Unix seconds.
struct OktaUserRecord: Sendable, Equatable {
    var id: String
    var login: String
    var email: String
    var firstName: String
    var lastName: String
    var displayName: String
    var status: OktaUserStatus
    var created: Int64
    var activated: Int64?
    var statusChanged: Int64?
    var lastUpdated: Int64
    var passwordChanged: Int64?
    /// Deleted (`DELETE` of a deprovisioned user, or a test hook): answered 404, but kept so a
    /// paging cursor naming it still has its place in the order.
    var removed = false

    /// The user of a directory person; `epoch` is when the org's accounts were created (each
    /// user a stable number of hours after it).
    init(person: DirectoryPerson, epoch: Int64) {
        let hash = StableHash("okta-created/" + person.oktaID)
        var created = epoch + Int64(hash.high % (90 * 24)) * 3_600
        id = person.oktaID
        login = person.email
        email = person.email
        firstName = person.givenName
        lastName = person.surname
        displayName = person.displayName
        switch person.status {
        case .active:
            status = .active
            statusChanged = created + 60
        case .disabled:
            status = .suspended
            statusChanged = created + 86_400
        case .deleted(let at):
            status = .deprovisioned
            created = min(created, at - 86_400)
            statusChanged = at
        }
        self.created = created
        activated = created + 60
        passwordChanged = created + 60
        lastUpdated = max(created + 60, statusChanged ?? created)
    }

    /// The login's part before `@`, lower-cased (Okta's "login shortname").
    var shortName: String {
        String(login.lowercased().prefix { $0 != "@" })
    }
}
