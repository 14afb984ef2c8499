import Foundation
import PalisadeIdentitySimulator
import PalisadeRPC
import Testing

@Suite("Okta simulator: /_sim hooks, inspection, malformed input")
struct OktaHooksTests {
    private func hook(_ simulator: OktaSimulator, _ method: String, _ path: String, _ body: String = "") async -> HTTPServerResponse {
        await OktaFixture.send(simulator, method, path, authorization: nil, body: body)
    }

    @Test("GET /_sim/inspect needs no token and is the Swift inspection as JSON; hooks are not recorded as calls")
    func inspect() async throws {
        let simulator = OktaFixture.simulator()
        _ = await OktaFixture.send(
            simulator, "POST", "/api/v1/users/\(OktaFixture.id("Ana"))/lifecycle/suspend",
            headers: [("x-okta-retry-for", "abc"), ("x-okta-retry-count", "1")])
        _ = await OktaFixture.send(simulator, "DELETE", "/api/v1/users/\(OktaFixture.id("Ben"))/sessions?oauthTokens=true")
        let response = await hook(simulator, "GET", "/_sim/inspect")
        #expect(response.status == 200)
        let decoded = try JSONDecoder().decode(OktaSimulatorInspection.self, from: Data(response.body))
        #expect(decoded == simulator.inspect())
        #expect(
            decoded.calls.map(\.path) == [
                "/api/v1/users/\(OktaFixture.id("Ana"))/lifecycle/suspend", "/api/v1/users/\(OktaFixture.id("Ben"))/sessions",
            ])
        #expect(decoded.calls[0].retryFor == "abc" && decoded.calls[0].retryCount == "1")
        #expect(decoded.calls[1].retryFor == nil)
        #expect(decoded.calls.map(\.status) == [200, 204])
        #expect(decoded.transitions.count == 1 && decoded.sessionClears.count == 1)
        #expect(decoded.users.count == OktaFixture.names.count)
    }

    @Test("POST /_sim/faults sets the faults (empty list clears), GET lists them, bad ones are 400")
    func faults() async throws {
        let simulator = OktaFixture.simulator()
        let set = await hook(simulator, "POST", "/_sim/faults", #"{"faults": ["504@nth:1", "429=3s@range:2-2"]}"#)
        #expect(set.status == 200)
        #expect(
            try OktaFixture.object(await hook(simulator, "GET", "/_sim/faults"))["faults"] as? [String] == [
                "504@nth:1", "429=3s@range:2-2",
            ])
        let target = "/api/v1/users/\(OktaFixture.id("Ana"))"
        #expect(await OktaFixture.send(simulator, "GET", target).status == 504)
        #expect(await OktaFixture.send(simulator, "GET", target).status == 429)
        #expect(await hook(simulator, "POST", "/_sim/faults", #"{"faults": []}"#).status == 200)
        #expect(simulator.faults.isEmpty)
        let badSpec = await hook(simulator, "POST", "/_sim/faults", #"{"faults": ["teapot@always"]}"#)
        #expect(badSpec.status == 400)
        #expect(try OktaFixture.errorCode(badSpec) == "E0000001")
        for body in ["", "{", #"{"faults": "503@always"}"#, String(repeating: "x", count: 1_000_000)] {
            let bad = await hook(simulator, "POST", "/_sim/faults", body)
            #expect(bad.status == 400)
            #expect(try OktaFixture.errorCode(bad) == "E0000003")
        }
    }

    @Test("POST /_sim/users/{id}/{change}: status changes recorded via sim, delete, rename, lock-out")
    func directoryChanges() async throws {
        let simulator = OktaFixture.simulator()
        let suspended = await hook(simulator, "POST", "/_sim/users/ana.lima@northwind.test/suspend")
        #expect(suspended.status == 200)
        #expect(try OktaFixture.object(suspended)["status"] as? String == "SUSPENDED")
        #expect(await hook(simulator, "POST", "/_sim/users/\(OktaFixture.id("Ben"))/lock-out").status == 200)
        #expect(await hook(simulator, "POST", "/_sim/users/\(OktaFixture.id("Eve"))/deactivate").status == 200)
        #expect(await hook(simulator, "POST", "/_sim/users/\(OktaFixture.id("Finn"))/delete").status == 200)
        let transitions = simulator.inspect().transitions
        #expect(transitions.map(\.to) == [.suspended, .lockedOut, .deprovisioned])
        let viaSim = transitions.filter { $0.via == "sim" && $0.requestID == nil }
        #expect(viaSim.count == 3)
        #expect(await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Finn"))").status == 404)
        let ben = try OktaFixture.object(await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Ben"))"))
        #expect(ben["status"] as? String == "LOCKED_OUT")

        let renamed = await hook(
            simulator, "POST", "/_sim/users/gia.rossi@northwind.test/rename",
            #"{"lastName": "Bianchi", "login": "gia.bianchi@northwind.test"}"#)
        #expect(renamed.status == 200)
        let gia = try OktaFixture.object(await OktaFixture.send(simulator, "GET", "/api/v1/users/gia.bianchi@northwind.test"))
        #expect((gia["profile"] as? [String: Any])?["displayName"] as? String == "Gia Bianchi")
        #expect(await OktaFixture.send(simulator, "GET", "/api/v1/users/gia.rossi@northwind.test").status == 404)
        let taken = await hook(simulator, "POST", "/_sim/users/\(OktaFixture.id("Hal"))/rename", #"{"login": "ana.lima@northwind.test"}"#)
        #expect(taken.status == 400)
        #expect(await hook(simulator, "POST", "/_sim/users/nobody/suspend").status == 404)
        #expect(await hook(simulator, "POST", "/_sim/users/\(OktaFixture.id("Hal"))/explode").status == 404)
        #expect(await hook(simulator, "GET", "/_sim/users/\(OktaFixture.id("Hal"))/suspend").status == 405)
        #expect(throws: OktaSimulatorError.self) { try simulator.apply(.unsuspend, to: "nobody@northwind.test") }
    }

    @Test("POST /_sim/tokens/revoke refuses the token from then on")
    func revokeHook() async throws {
        let simulator = OktaFixture.simulator()
        let revoked = await hook(simulator, "POST", "/_sim/tokens/revoke", #"{"token": "\#(OktaFixture.manage)"}"#)
        #expect(try OktaFixture.object(revoked)["revoked"] as? Bool == true)
        #expect(await OktaFixture.send(simulator, "GET", "/api/v1/users").status == 401)
    }

    @Test(
        "unknown paths and methods get Okta-shaped 404 and 405, never a crash",
        arguments: [
            ("GET", "/", 404), ("GET", "/api/v2/users", 404), ("GET", "/api/v1/groups", 404), ("GET", "/api/v1/users/a/b/c/d/e", 404),
            ("GET", "/api/v1/users/%ZZ", 404), ("PUT", "/api/v1/users", 405), ("PATCH", "/api/v1/users/x", 405),
            ("GET", "/api/v1/users/x/sessions", 405), ("GET", "/_sim/nothing", 404), ("BREW", "/_sim/inspect", 405),
        ])
    func unknownPaths(method: String, target: String, status: Int) async throws {
        let response = await OktaFixture.send(OktaFixture.simulator(), method, target)
        #expect(response.status == status)
        #expect(OktaFixture.header(response, "content-type") == "application/json")
        #expect(try OktaFixture.errorCode(response) == (status == 404 ? "E0000007" : "E0000022"))
    }

    @Test("a huge body on a lifecycle call is ignored, as Okta ignores it")
    func hugeBody() async {
        let simulator = OktaFixture.simulator()
        let response = await OktaFixture.send(
            simulator, "POST", "/api/v1/users/\(OktaFixture.id("Ana"))/lifecycle/suspend", body: String(repeating: "{", count: 2_000_000))
        #expect(response.status == 200)
    }
}
