import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeRPC
import PalisadeSlackSimulator
import Testing

/// A small tenant for the Entra simulator's tests: ten people (one admin, one disabled, one
/// deleted, one with a quote in her address), one app with Palisade's roles, a fixed clock.
enum EntraFixture {
    static let domain = "contoso.test"
    static let tenantID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
    static let clientID = "11111111-2222-4333-8444-555555555555"
    static let secret = "s3cret~value"
    static let now: Int64 = 1_790_000_000
    static let graphScope = "https%3A%2F%2Fgraph.microsoft.com%2F.default"

    static func person(_ n: Int, _ first: String, _ last: String, admin: Bool = false, status: DirectoryStatus = .active)
        -> DirectoryPerson
    {
        let email = "\(first.lowercased()).\(last.lowercased())@\(domain)"
        return DirectoryPerson(
            slackID: "W\(n)", entraID: "00000000-0000-4000-8000-0000000000\(n < 10 ? "0" : "")\(n)",
            oktaID: "00u\(n)", displayName: "\(first) \(last)", givenName: first, surname: last, email: email,
            isAdmin: admin, status: status)
    }

    static let people: [DirectoryPerson] = [
        person(1, "Adele", "Vance"),
        person(2, "Megan", "Bowen", admin: true),
        person(3, "Lee", "Gu", status: .disabled),
        person(4, "Tom", "Leaver", status: .deleted(at: 1_780_000_000)),
        person(5, "Conor", "O'Brien"),
        person(6, "Alex", "Wilber"),
        person(7, "Diego", "Siciliani"),
        person(8, "Grady", "Archie"),
        person(9, "Isaiah", "Langer"),
        person(10, "Joni", "Sherman"),
    ]

    static var adele: DirectoryPerson { people[0] }
    static var megan: DirectoryPerson { people[1] }
    static var lee: DirectoryPerson { people[2] }
    static var tom: DirectoryPerson { people[3] }
    static var conor: DirectoryPerson { people[4] }

    static let directory = SimDirectory(domain: domain, organizationName: "Contoso", people: people)

    static func app(roles: Set<String> = EntraApp.palisadeRoles, certificatePEM: String? = nil, admin: Bool = false)
        -> EntraApp
    {
        EntraApp(
            clientID: clientID, secrets: [.init(secret), .init("old-secret", expires: now - 10)],
            certificatePEM: certificatePEM, roles: roles, isPrivilegedAdmin: admin)
    }

    static func simulator(
        app: EntraApp = app(), faults: [EntraFault] = [], deltaPageSize: Int = 4, clock: SimulatorClock? = nil
    ) -> EntraSimulator {
        EntraSimulator(
            configuration: EntraSimulatorConfiguration(
                directory: directory, tenantID: tenantID, apps: [app], accessTokenLifetime: 3599,
                clock: clock ?? SimulatorClock(now: now), faults: faults, pageSize: 100, deltaPageSize: deltaPageSize))
    }

    /// An answer, with its body parsed when it is JSON.
    struct Reply {
        let response: HTTPServerResponse
        var status: Int { response.status }
        var body: [UInt8] { response.body }
        var text: String { String(decoding: response.body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            response.headers.first { $0.name.lowercased() == name }?.value
        }

        func json() throws -> JSONElement {
            try JSONElement.parse(response.body)
        }

        /// `error.code` of a Graph error.
        func graphCode() throws -> String? {
            try json()["error"]?["code"]?.string
        }

        /// The `value` array's elements.
        func values() throws -> [JSONElement] {
            guard case .array(let items) = try json()["value"]?.value else { return [] }
            return items
        }
    }

    static func call(
        _ simulator: EntraSimulator, _ method: String, _ target: String, token: String? = nil,
        headers: [(name: String, value: String)] = [], body: String = ""
    ) async -> Reply {
        var all = headers
        if let token { all.append(("authorization", "Bearer " + token)) }
        return Reply(
            response: await simulator.handle(
                HTTPServerRequest(method: method, target: target, headers: all, body: Array(body.utf8))))
    }

    static var tokenPath: String { "/\(tenantID)/oauth2/v2.0/token" }

    static func tokenRequest(_ simulator: EntraSimulator, _ form: String, headers: [(name: String, value: String)] = [])
        async -> Reply
    {
        await call(
            simulator, "POST", tokenPath, headers: [("content-type", "application/x-www-form-urlencoded")] + headers,
            body: form)
    }

    /// A fresh access token for the fixture's app.
    static func token(_ simulator: EntraSimulator) async throws -> String {
        let reply = await tokenRequest(
            simulator, "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(secret)&scope=\(graphScope)")
        #expect(reply.status == 200)
        return try #require(try reply.json()["access_token"]?.string)
    }

    /// The `id` of each item.
    static func ids(_ items: [JSONElement]) -> [String] {
        strings("id", items)
    }

    /// The string `key` of each item that has one.
    static func strings(_ key: String, _ items: [JSONElement]) -> [String] {
        items.compactMap { $0[key]?.string }
    }

    /// Everyone but the person deleted from the start, in directory order.
    static var notDeletedIDs: [String] {
        people.filter { $0.entraID != tom.entraID }.map(\.entraID)
    }

    /// A user of an inspection.
    static func user(_ id: String, in inspection: EntraInspection) -> EntraInspection.User? {
        inspection.users.first { $0.id == id }
    }
}
