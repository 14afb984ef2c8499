import Foundation

/// The JSON of an Okta User object (identity.md §4.2), as `GET /api/v1/users/{id}` and the list
/// answer it: timestamps with milliseconds, `null` for the ones a user does not have, the
/// profile, the credentials' provider and `_links` that depend on the status.
struct OktaUserDocument: Encodable {
    let user: OktaUserRecord
    /// `https://host:port`, for the links.
    let base: String

    private enum Keys: String, CodingKey {
        case id, status, created, activated, statusChanged, lastLogin, lastUpdated, passwordChanged, type, profile
        case credentials
        case links = "_links"
    }

    private struct Profile: Encodable {
        let firstName: String
        let lastName: String
        let mobilePhone: String?
        let secondEmail: String?
        let login: String
        let email: String
        let displayName: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: ProfileKeys.self)
            try container.encode(firstName, forKey: .firstName)
            try container.encode(lastName, forKey: .lastName)
            try container.encode(mobilePhone, forKey: .mobilePhone)
            try container.encode(secondEmail, forKey: .secondEmail)
            try container.encode(login, forKey: .login)
            try container.encode(email, forKey: .email)
            try container.encode(displayName, forKey: .displayName)
        }

        private enum ProfileKeys: String, CodingKey {
            case firstName, lastName, mobilePhone, secondEmail, login, email, displayName
        }
    }

    private struct Credentials: Encodable {
        struct Email: Encodable {
            let value: String
            let status = "VERIFIED"
            let type = "PRIMARY"
        }
        struct Provider: Encodable {
            let type = "OKTA"
            let name = "OKTA"
        }
        struct Password: Encodable {}
        let password = Password()
        let emails: [Email]
        let provider = Provider()
    }

    private struct Link: Encodable {
        let href: String
        let method: String?
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(user.id, forKey: .id)
        try container.encode(user.status.rawValue, forKey: .status)
        try container.encode(Self.timestamp(user.created), forKey: .created)
        try container.encode(user.activated.map(Self.timestamp), forKey: .activated)
        try container.encode(user.statusChanged.map(Self.timestamp), forKey: .statusChanged)
        try container.encode(String?.none, forKey: .lastLogin)
        try container.encode(Self.timestamp(user.lastUpdated), forKey: .lastUpdated)
        try container.encode(user.passwordChanged.map(Self.timestamp), forKey: .passwordChanged)
        try container.encode(["id": Self.userTypeID], forKey: .type)
        try container.encode(
            Profile(
                firstName: user.firstName, lastName: user.lastName, mobilePhone: nil, secondEmail: nil, login: user.login,
                email: user.email, displayName: user.displayName),
            forKey: .profile)
        try container.encode(Credentials(emails: [.init(value: user.email)]), forKey: .credentials)
        let own = base + "/api/v1/users/" + user.id
        var links: [String: Link] = ["self": Link(href: own, method: nil)]
        for (name, path) in user.status.lifecycleLinks {
            links[name] = Link(href: own + "/" + path, method: "POST")
        }
        links["type"] = Link(href: base + "/api/v1/meta/types/user/" + Self.userTypeID, method: nil)
        try container.encode(links, forKey: .links)
    }

    /// The org's default user type (every simulated user has it).
    static let userTypeID = "oty1simdefault0000x7"

    /// `2013-06-24T16:39:18.000Z`: Okta's timestamps, always with milliseconds, in UTC. Written
    /// by hand (a page of 200 users has a thousand of them; a formatter each would dominate).
    static func timestamp(_ seconds: Int64) -> String { SimTime.okta(seconds) }

    /// A weak `ETag`: changes whenever anything the document shows changes.
    static func etag(_ user: OktaUserRecord) -> String {
        let hash = StableHash(
            [user.id, user.login, user.email, user.firstName, user.lastName, user.status.rawValue, String(user.lastUpdated)].joined(
                separator: "\u{1F}"))
        let hex = String(hash.high, radix: 16)
        return #"W/""# + String(repeating: "0", count: 16 - hex.count) + hex + #"""#
    }

    /// The JSON encoder of every answer: sorted keys (reproducible bytes), slashes unescaped.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
