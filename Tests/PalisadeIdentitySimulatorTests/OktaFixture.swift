import Foundation
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator

/// A small Okta org for the simulator's tests: eight people (Cara disabled → SUSPENDED, Dan
/// deleted → DEPROVISIONED), four credentials, a clock standing still.
enum OktaFixture {
    static let now: Int64 = 1_790_000_000
    static let danLeft: Int64 = 1_789_000_000
    static let manage = "00manage-token"
    static let readOnly = "00read-only-token"
    static let bearer = "eyJ-access-token-manage"
    static let bearerRead = "eyJ-access-token-read"

    static let names: [(first: String, last: String, status: DirectoryStatus)] = [
        ("Ana", "Lima", .active), ("Ben", "Okafor", .active), ("Cara", "Novak", .disabled),
        ("Dan", "Reyes", .deleted(at: danLeft)), ("Eve", "Sato", .active), ("Finn", "Berg", .active),
        ("Gia", "Rossi", .active), ("Hal", "Ward", .active),
    ]

    static func id(_ first: String) -> String {
        "00u" + first.lowercased() + String(repeating: "0", count: 17 - first.count)
    }

    static func email(_ first: String) -> String {
        "\(first.lowercased()).\(names.first { $0.first == first }?.last.lowercased() ?? "x")@northwind.test"
    }

    static var directory: SimDirectory {
        SimDirectory(
            domain: "northwind.test", organizationName: "Northwind",
            people: names.enumerated().map { index, name in
                DirectoryPerson(
                    slackID: "W\(index)", entraID: "guid-\(index)", oktaID: id(name.first), displayName: "\(name.first) \(name.last)",
                    givenName: name.first, surname: name.last, email: email(name.first), isAdmin: index == 0, status: name.status)
            })
    }

    static func simulator(_ adjust: (inout OktaSimulatorConfiguration) -> Void = { _ in }) -> OktaSimulator {
        var configuration = OktaSimulatorConfiguration(
            directory: directory,
            credentials: [
                .apiToken(manage), .apiToken(readOnly, readOnly: true), .accessToken(bearer),
                .accessToken(bearerRead, scopes: [.usersRead]),
            ],
            clock: SimulatorClock(now: now))
        adjust(&configuration)
        return OktaSimulator(configuration: configuration)
    }

    /// One call; `authorization` nil sends none.
    static func send(
        _ simulator: OktaSimulator, _ method: String, _ target: String, authorization: String? = "SSWS \(manage)",
        headers: [(name: String, value: String)] = [], body: String = ""
    ) async -> HTTPServerResponse {
        var fields = headers
        if let authorization { fields.append((name: "authorization", value: authorization)) }
        return await simulator.handle(HTTPServerRequest(method: method, target: target, headers: fields, body: Array(body.utf8)))
    }

    static func header(_ response: HTTPServerResponse, _ name: String) -> String? {
        response.headers.first { $0.name.lowercased() == name }?.value
    }

    static func object(_ response: HTTPServerResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    static func array(_ response: HTTPServerResponse) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
    }

    /// The `errorCode` of an Okta error answer.
    static func errorCode(_ response: HTTPServerResponse) throws -> String? {
        try object(response)["errorCode"] as? String
    }

    /// The ids of a list answer.
    static func ids(_ response: HTTPServerResponse) throws -> [String] {
        try array(response).compactMap { $0["id"] as? String }
    }

    /// The `after` cursor of a list answer's `Link: <…>; rel="next"`, if any.
    static func nextTarget(_ response: HTTPServerResponse) -> String? {
        guard let links = header(response, "link") else { return nil }
        for link in links.split(separator: ",") where link.contains(#"rel="next""#) {
            guard let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">") else { return nil }
            let url = link[link.index(after: open)..<close]
            guard let path = url.range(of: "/api/") else { return nil }
            return String(url[path.lowerBound...])
        }
        return nil
    }
}
