import Foundation
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator
import Testing

@Suite("Okta simulator: authentication and reading users")
struct OktaUsersTests {
    @Test("SSWS with and without a space, and Bearer, are accepted")
    func authForms() async throws {
        let simulator = OktaFixture.simulator()
        for authorization in ["SSWS \(OktaFixture.manage)", "SSWS\(OktaFixture.manage)", "Bearer \(OktaFixture.bearer)"] {
            let response = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Ana"))", authorization: authorization)
            #expect(response.status == 200, "\(authorization)")
        }
        let schemes = simulator.inspect().calls.map(\.scheme)
        #expect(schemes == ["SSWS", "SSWS", "Bearer"])
    }

    @Test(
        "a missing, unknown, mis-schemed or malformed credential is 401 E0000011",
        arguments: [nil, "SSWS nope", "Bearer \(OktaFixture.manage)", "SSWS \(OktaFixture.bearer)", "Basic eDp5", "SSWS", "Bearerxyz"])
    func authFailures(authorization: String?) async throws {
        let simulator = OktaFixture.simulator()
        let response = await OktaFixture.send(simulator, "GET", "/api/v1/users", authorization: authorization)
        #expect(response.status == 401)
        #expect(try OktaFixture.errorCode(response) == "E0000011")
        #expect(OktaFixture.header(response, "content-type") == "application/json")
        let body = try OktaFixture.object(response)
        #expect(body["errorSummary"] as? String == "Invalid token provided")
        #expect((body["errorId"] as? String)?.hasPrefix("oae") == true)
        #expect(body["errorCauses"] is [Any])
    }

    @Test("a read-only admin's token and a read-only access token read but cannot manage (403 E0000006)")
    func readVersusManage() async throws {
        let simulator = OktaFixture.simulator()
        let ana = OktaFixture.id("Ana")
        for authorization in ["SSWS \(OktaFixture.readOnly)", "Bearer \(OktaFixture.bearerRead)"] {
            let read = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(ana)", authorization: authorization)
            #expect(read.status == 200)
            let suspend = await OktaFixture.send(simulator, "POST", "/api/v1/users/\(ana)/lifecycle/suspend", authorization: authorization)
            #expect(suspend.status == 403)
            #expect(try OktaFixture.errorCode(suspend) == "E0000006")
            let sessions = await OktaFixture.send(simulator, "DELETE", "/api/v1/users/\(ana)/sessions", authorization: authorization)
            #expect(sessions.status == 403)
        }
        let scopeChallenge = await OktaFixture.send(
            simulator, "POST", "/api/v1/users/\(ana)/lifecycle/suspend", authorization: "Bearer \(OktaFixture.bearerRead)")
        #expect(OktaFixture.header(scopeChallenge, "www-authenticate")?.contains("insufficient_scope") == true)
        #expect(simulator.inspect().user(ana)?.status == .active)
    }

    @Test("a user by id, by login (plain or percent-encoded, any case) and by unambiguous short name")
    func getUser() async throws {
        let simulator = OktaFixture.simulator()
        let ana = OktaFixture.id("Ana")
        for key in [ana, "ana.lima@northwind.test", "ana.lima%40northwind.test", "Ana.Lima@Northwind.test", "ana.lima"] {
            let response = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(key)")
            #expect(response.status == 200, "\(key)")
            #expect(try OktaFixture.object(response)["id"] as? String == ana)
        }
        let response = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(ana)")
        let user = try OktaFixture.object(response)
        #expect(user["status"] as? String == "ACTIVE")
        #expect(user["lastLogin"] is NSNull)
        let profile = try #require(user["profile"] as? [String: Any])
        #expect(profile["login"] as? String == "ana.lima@northwind.test")
        #expect(profile["email"] as? String == "ana.lima@northwind.test")
        #expect(profile["firstName"] as? String == "Ana" && profile["lastName"] as? String == "Lima")
        let created = try #require(user["created"] as? String)
        #expect(created.hasSuffix(".000Z") && created.count == 24)
        let links = try #require(user["_links"] as? [String: [String: Any]])
        #expect(links["self"]?["href"] as? String == "https://northwind.okta.com/api/v1/users/\(ana)")
        #expect(links["suspend"]?["href"] as? String == "https://northwind.okta.com/api/v1/users/\(ana)/lifecycle/suspend")
        #expect(links["unsuspend"] == nil)
        let etag = try #require(OktaFixture.header(response, "etag"))
        #expect(etag.hasPrefix(#"W/""#))
        let unchanged = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(ana)", headers: [("if-none-match", etag)])
        #expect(unchanged.status == 304 && unchanged.body.isEmpty)
    }

    @Test("statuses and links follow the directory: disabled is SUSPENDED, deleted is DEPROVISIONED at its time")
    func seededStatuses() async throws {
        let simulator = OktaFixture.simulator()
        let cara = try OktaFixture.object(await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Cara"))"))
        #expect(cara["status"] as? String == "SUSPENDED")
        let caraLinks = try #require(cara["_links"] as? [String: Any])
        #expect(caraLinks["unsuspend"] != nil && caraLinks["suspend"] == nil)
        let dan = try OktaFixture.object(await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Dan"))"))
        #expect(dan["status"] as? String == "DEPROVISIONED")
        #expect(dan["statusChanged"] as? String == "2026-09-10T00:26:40.000Z")
        let danLinks = try #require(dan["_links"] as? [String: Any])
        #expect(danLinks["activate"] != nil && danLinks["deactivate"] == nil)
    }

    @Test("an unknown user is 404 E0000007 naming it")
    func unknownUser() async throws {
        let response = await OktaFixture.send(OktaFixture.simulator(), "GET", "/api/v1/users/nobody@northwind.test")
        #expect(response.status == 404)
        let body = try OktaFixture.object(response)
        #expect(body["errorCode"] as? String == "E0000007")
        #expect(body["errorSummary"] as? String == "Not found: Resource not found: nobody@northwind.test (User)")
    }

    @Test("a scenario's directory: the Slack people and e-mails, disabled ones SUSPENDED, deleted ones DEPROVISIONED")
    func scenarioDirectory() async throws {
        let scenario = Scenario.generate(ScenarioConfiguration(seed: 7, users: 120, end: 1_790_000_000, days: 14, entries: 4_000))
        let directory = SimDirectory(scenario: scenario)
        let simulator = OktaSimulator(configuration: OktaSimulatorConfiguration(directory: directory))
        #expect(simulator.orgURL == "https://" + OktaSimulatorConfiguration(directory: directory).orgHost)
        let users = simulator.inspect().users
        #expect(users.map(\.login) == directory.people.map(\.email))
        #expect(users.map(\.id) == directory.people.map(\.oktaID))
        for (user, person) in zip(users, directory.people) {
            switch person.status {
            case .active: #expect(user.status == .active)
            case .disabled: #expect(user.status == .suspended)
            case .deleted: #expect(user.status == .deprovisioned)
            }
        }
        var deletedPerson: (person: DirectoryPerson, at: Int64)?
        for person in directory.people {
            if case .deleted(let at) = person.status { deletedPerson = (person, at) }
        }
        let (deleted, at) = try #require(deletedPerson)
        let response = await OktaFixture.send(
            simulator, "GET", "/api/v1/users/\(deleted.email)", authorization: "SSWS \(OktaCredential.development.value)")
        let statusChanged = try OktaFixture.object(response)["statusChanged"] as? String
        #expect(statusChanged.flatMap(OktaTimestamp.seconds) == at)
    }
}

/// Reads Okta's timestamps back, as a client would.
enum OktaTimestamp {
    static func seconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}
