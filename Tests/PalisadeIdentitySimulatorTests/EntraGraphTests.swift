import Foundation
import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeSlackSimulator
import Testing

@Suite("Entra simulator: Graph users, sessions and accounts")
struct EntraGraphTests {
    typealias F = EntraFixture

    @Test("a user by id or percent-encoded UPN: the default properties, accountEnabled only with $select")
    func getUser() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let byID = await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token)
        #expect(byID.status == 200)
        let json = try byID.json()
        #expect(json.members?.map(\.key) == ["@odata.context"] + EntraFixtureKeys.defaultProperties)
        #expect(json["accountEnabled"] == nil)
        #expect(json["mail"]?.string == F.adele.email)
        #expect(json["businessPhones"]?.text(in: byID.body) == "[]")
        #expect(json["jobTitle"]?.isNull == true)
        let upn = F.adele.email.replacingOccurrences(of: "@", with: "%40")
        let selected = await F.call(
            simulator, "GET", "/v1.0/users/\(upn)?$select=id,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime",
            token: token)
        let fields = try selected.json()
        #expect(
            fields.members?.map(\.key) == [
                "@odata.context", "id", "userPrincipalName", "accountEnabled", "signInSessionsValidFromDateTime",
            ])
        #expect(
            fields["@odata.context"]?.string?.hasSuffix(
                "/v1.0/$metadata#users(id,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime)/$entity") == true)
        #expect(fields["accountEnabled"]?.value.isTrue == true)
        let lee = await F.call(simulator, "GET", "/v1.0/users('\(F.lee.email)')?%24select=accountEnabled", token: token)
        #expect(try lee.json()["accountEnabled"]?.value.isFalse == true)
        let unknownProperty = await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)?$select=shoeSize", token: token)
        #expect(unknownProperty.status == 400)
        #expect(try unknownProperty.graphCode() == "Request_BadRequest")
    }

    @Test("an unknown or soft-deleted user is 404 Request_ResourceNotFound with Graph's message")
    func notFound() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        for key in [F.tom.entraID, "nobody@contoso.test"] {
            let reply = await F.call(simulator, "GET", "/v1.0/users/\(key)", token: token)
            #expect(reply.status == 404)
            let error = try #require(try reply.json()["error"])
            #expect(error["code"]?.string == "Request_ResourceNotFound")
            #expect(
                error["message"]?.string
                    == "Resource '\(key)' does not exist or one of its queried reference-property objects are not present.")
        }
    }

    @Test("$filter by mail or userPrincipalName (with the '' escape) gives a collection; no match is an empty one")
    func filter() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let quoted = F.conor.email.replacingOccurrences(of: "'", with: "''")
        let filter = "mail%20eq%20'\(quoted)'%20or%20userPrincipalName%20eq%20'\(quoted)'"
        let reply = await F.call(simulator, "GET", "/v1.0/users?$filter=\(filter)&$select=id,mail,accountEnabled", token: token)
        #expect(reply.status == 200)
        #expect(try reply.json()["@odata.context"]?.string?.hasSuffix("$metadata#users(id,mail,accountEnabled)") == true)
        let values = try reply.values()
        #expect(values.count == 1)
        #expect(values.first?["id"]?.string == F.conor.entraID)
        let upper = await F.call(simulator, "GET", "/v1.0/users?$filter=mail+eq+'ADELE.VANCE@CONTOSO.TEST'", token: token)
        #expect(try upper.values().count == 1)
        let none = await F.call(simulator, "GET", "/v1.0/users?$filter=mail eq 'nobody@contoso.test'", token: token)
        #expect(none.status == 200)
        #expect(try none.values().isEmpty)
        let deleted = await F.call(simulator, "GET", "/v1.0/users?$filter=mail eq '\(F.tom.email)'", token: token)
        #expect(try deleted.values().isEmpty)
        let disabled = await F.call(simulator, "GET", "/v1.0/users?$filter=accountEnabled eq false&$select=id", token: token)
        #expect(F.ids(try disabled.values()) == [F.lee.entraID])
        let complex = await F.call(
            simulator, "GET", "/v1.0/users?$filter=startswith(displayName,'A') and not (mail in ('adele.vance@contoso.test'))",
            token: token)
        #expect(F.strings("displayName", try complex.values()) == ["Alex Wilber"])
    }

    @Test("paging /users with $top follows @odata.nextLink on the simulator's host")
    func paging() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        var target: String? = "/v1.0/users?$top=4&$select=id"
        var ids: [String] = []
        var pages = 0
        while let next = target {
            let reply = await F.call(simulator, "GET", next, token: token, headers: [("host", "sim:1")])
            #expect(reply.status == 200)
            ids += try reply.values().compactMap { $0["id"]?.string }
            let link = try reply.json()["@odata.nextLink"]?.string
            #expect(link == nil || link?.hasPrefix("https://sim:1/v1.0/users?") == true)
            target = link.map { String($0.dropFirst("https://sim:1".count)) }
            pages += 1
        }
        #expect(pages == 3)
        #expect(ids == F.notDeletedIDs)
    }

    @Test("malformed filters, queries and bodies are Graph-shaped 400s, never a crash")
    func malformed() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let bad = [
            "/v1.0/users?$filter=mail eq 'unterminated", "/v1.0/users?$filter=mail eq", "/v1.0/users?$filter=(((((",
            "/v1.0/users?$filter=shoeSize eq '1'", "/v1.0/users?$filter=" + String(repeating: "(", count: 200) + "id eq 'x'",
            "/v1.0/users?$filter=mail eq 'a' junk", "/v1.0/users?$top=0", "/v1.0/users?$top=5000", "/v1.0/users?$skiptoken=%%%",
            "/v1.0/users?$skiptoken=garbage", "/v1.0/users/delta?$deltatoken=garbage", "/v1.0/users/delta?$skiptoken=Zm9v",
            "/v1.0/users?$filter=" + String(repeating: "a", count: 5000), "/v1.0/directory/deletedItems",
            "/v1.0/users/delta?$filter=mail eq 'x'", "/v1.0/users/delta?$top=3", "/v1.0/nothing/here",
        ]
        for target in bad {
            let reply = await F.call(simulator, "GET", target, token: token)
            #expect(reply.status == 400, "\(target)")
            #expect(reply.header("content-type") == "application/json")
            #expect(try reply.json()["error"]?["innerError"]?["request-id"]?.string == reply.header("request-id"))
        }
        for body in [
            "{", "[1,2]", "\"x\"", String(repeating: "[", count: 10_000), "{\"accountEnabled\":\"no\"}",
            "{\"id\":\"x\"}", "{\"shoeSize\":3}", "{\"mobilePhone\":\"1\"}", "{\"userPrincipalName\":\"no-at-sign\"}",
        ] {
            let reply = await F.call(simulator, "PATCH", "/v1.0/users/\(F.adele.entraID)", token: token, body: body)
            #expect(reply.status == 400, "\(body.prefix(40))")
        }
        let huge = await F.call(
            simulator, "PATCH", "/v1.0/users/\(F.adele.entraID)", token: token,
            body: "{\"displayName\":\"" + String(repeating: "x", count: 2 << 20) + "\"}")
        #expect(huge.status == 400)
        #expect(try huge.graphCode() == "Request_BadRequest")
        let hugeForm = await F.tokenRequest(simulator, String(repeating: "a=b&", count: 300_000))
        #expect(hugeForm.status == 400)
        let put = await F.call(simulator, "PUT", "/v1.0/users/\(F.adele.entraID)", token: token)
        #expect(put.status == 405)
    }

    @Test("no, a malformed or an expired token is 401 InvalidAuthenticationToken with WWW-Authenticate")
    func authentication() async throws {
        let clock = SimulatorClock(now: F.now)
        let simulator = F.simulator(clock: clock)
        let token = try await F.token(simulator)
        let target = "/v1.0/users/\(F.adele.entraID)"
        for header in [nil, "Bearer", "Bearer not-a-jwt", "Bearer a.b.c", "Basic abc"] {
            let reply = await F.call(simulator, "GET", target, headers: header.map { [("authorization", $0)] } ?? [])
            #expect(reply.status == 401)
            #expect(try reply.graphCode() == "InvalidAuthenticationToken")
            #expect(reply.header("www-authenticate")?.hasPrefix("Bearer realm=\"\"") == true)
        }
        #expect(await F.call(simulator, "GET", target, token: token).status == 200)
        clock.advance(seconds: 3599)
        let expired = await F.call(simulator, "GET", target, token: token)
        #expect(expired.status == 401)
        #expect(try expired.json()["error"]?["message"]?.string == "Access token has expired or is not yet valid.")
        #expect(await F.call(simulator, "GET", target, token: try await F.token(simulator)).status == 200)
    }

    @Test("each call checks its app role: 403 Authorization_RequestDenied, also after a role is removed at run time")
    func roles() async throws {
        let readOnly = F.simulator(app: F.app(roles: ["User.Read.All"]))
        let token = try await F.token(readOnly)
        let id = F.adele.entraID
        #expect(await F.call(readOnly, "GET", "/v1.0/users/\(id)", token: token).status == 200)
        for (method, target, body) in [
            ("POST", "/v1.0/users/\(id)/revokeSignInSessions", ""), ("PATCH", "/v1.0/users/\(id)", "{\"accountEnabled\":false}"),
            ("POST", "/v1.0/users/\(id)/sendMail", EntraMailTests.message),
        ] {
            let reply = await F.call(readOnly, method, target, token: token, body: body)
            #expect(reply.status == 403)
            #expect(try reply.graphCode() == "Authorization_RequestDenied")
            #expect(try reply.json()["error"]?["message"]?.string == "Insufficient privileges to complete the operation.")
        }
        let simulator = F.simulator()
        let full = try await F.token(simulator)
        #expect(await F.call(simulator, "POST", "/v1.0/users/\(id)/revokeSignInSessions", token: full).status == 200)
        #expect(simulator.setRole("User.RevokeSessions.All", granted: false, clientID: F.clientID))
        #expect(await F.call(simulator, "POST", "/v1.0/users/\(id)/revokeSignInSessions", token: full).status == 403)
        #expect(simulator.app(clientID: F.clientID)?.roles.contains("User.RevokeSessions.All") == false)
    }

    @Test("revokeSignInSessions (both paths) answers 200 {value: true} and moves signInSessionsValidFromDateTime")
    func revoke() async throws {
        let clock = SimulatorClock(now: F.now)
        let simulator = F.simulator(clock: clock)
        let token = try await F.token(simulator)
        clock.advance(seconds: 60)
        let reply = await F.call(simulator, "POST", "/v1.0/users/\(F.adele.entraID)/revokeSignInSessions", token: token)
        #expect(reply.status == 200)
        #expect(try reply.json()["value"]?.value.isTrue == true)
        #expect(try reply.json()["@odata.context"]?.string?.hasSuffix("$metadata#Edm.Boolean") == true)
        let upn = F.megan.email.replacingOccurrences(of: "@", with: "%40")
        let qualified = await F.call(
            simulator, "POST", "/v1.0/users/\(upn)/microsoft.graph.revokeSignInSessions", token: token,
            headers: [("content-length", "0")])
        #expect(qualified.status == 200)
        let seen = simulator.inspect()
        #expect(seen.revocations.map(\.user) == [F.adele.entraID, F.megan.entraID])
        #expect(F.user(F.adele.entraID, in: seen)?.signInSessionsValidFromDateTime == F.now + 60)
        let read = await F.call(
            simulator, "GET", "/v1.0/users/\(F.adele.entraID)?$select=signInSessionsValidFromDateTime", token: token)
        #expect(try read.json()["signInSessionsValidFromDateTime"]?.string == "2026-09-21T14:14:20Z")
        #expect(await F.call(simulator, "POST", "/v1.0/users/\(F.tom.entraID)/revokeSignInSessions", token: token).status == 404)
    }

    @Test("PATCH accountEnabled answers 204 and is repeatable; an admin needs the privileged role")
    func patchAccountEnabled() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let target = "/v1.0/users/\(F.adele.entraID)"
        for _ in 0..<2 {
            let reply = await F.call(
                simulator, "PATCH", target, token: token, headers: [("content-type", "application/json")],
                body: "{\"@odata.type\": \"#microsoft.graph.user\", \"accountEnabled\": false}")
            #expect(reply.status == 204)
            #expect(reply.body.isEmpty)
        }
        #expect(F.user(F.adele.entraID, in: simulator.inspect())?.accountEnabled == false)
        #expect(simulator.inspect().changes.map(\.what) == ["accountEnabled"])
        #expect(await F.call(simulator, "PATCH", target, token: token, body: "{\"accountEnabled\":true}").status == 204)
        let admin = await F.call(simulator, "PATCH", "/v1.0/users/\(F.megan.entraID)", token: token, body: "{\"accountEnabled\":false}")
        #expect(admin.status == 403)
        #expect(try admin.graphCode() == "Authorization_RequestDenied")
        #expect(simulator.setPrivilegedAdmin(true, clientID: F.clientID))
        #expect(
            await F.call(simulator, "PATCH", "/v1.0/users/\(F.megan.entraID)", token: token, body: "{\"accountEnabled\":false}").status
                == 204)
        let change = try #require(simulator.inspect().changes.last)
        #expect(change.user == F.megan.entraID && change.old == "true" && change.new == "false" && change.by == "graph:\(F.clientID)")
        // Names need User.ReadWrite.All, which Palisade's app does not hold.
        #expect(await F.call(simulator, "PATCH", target, token: token, body: "{\"displayName\":\"A\"}").status == 403)
        #expect(
            await F.call(simulator, "PATCH", "/v1.0/users/\(F.tom.entraID)", token: token, body: "{\"accountEnabled\":false}").status == 404
        )
    }

    @Test("every answer has request-id, echoes client-request-id, and errors carry both plus date in innerError")
    func requestIDs() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let echoed = await F.call(
            simulator, "GET", "/v1.0/users/nobody", token: token, headers: [("client-request-id", "c0ffee00-0000-4000-8000-000000000001")])
        #expect(echoed.header("client-request-id") == "c0ffee00-0000-4000-8000-000000000001")
        let requestID = try #require(echoed.header("request-id"))
        let inner = try #require(try echoed.json()["error"]?["innerError"])
        #expect(inner["request-id"]?.string == requestID)
        #expect(inner["client-request-id"]?.string == "c0ffee00-0000-4000-8000-000000000001")
        #expect(inner["date"]?.string == "2026-09-21T14:13:20")
        let plain = await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token)
        #expect(plain.header("client-request-id") == plain.header("request-id"))
        #expect(plain.header("request-id") != requestID)
        let calls = simulator.inspect().calls
        #expect(calls.map(\.path) == [F.tokenPath, "/v1.0/users/nobody", "/v1.0/users/\(F.adele.entraID)"])
        #expect(calls[1].clientRequestID == "c0ffee00-0000-4000-8000-000000000001" && calls[1].status == 404)
        #expect(calls[2].clientRequestID == nil && calls[2].requestID == plain.header("request-id"))
    }
}

/// Graph's default user properties, in its order.
enum EntraFixtureKeys {
    static let defaultProperties = [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName", "id",
    ]
}

extension JSONElement.Value {
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }

    var isFalse: Bool {
        if case .bool(false) = self { return true }
        return false
    }
}
