import Foundation
import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeSlackSimulator
import Testing

@Suite("Entra simulator: faults and test hooks")
struct EntraFaultTests {
    typealias F = EntraFixture

    @Test("the --fault grammar parses and prints back; bad specs are refused")
    func grammar() throws {
        for spec in [
            "429=2.128s@range:1-3", "503@p:0.25", "504@nth:2@all", "slow=250ms@every:2", "expire-tokens@nth:4",
            "html=502@nth:1@token", "truncated@always", "429=none@always",
        ] {
            #expect(try EntraFault(parsing: spec).description == spec)
        }
        #expect(try EntraFault(parsing: "429=2.128@always").kind == .throttled(retryAfterMilliseconds: 2128))
        #expect(try EntraFault(parsing: "html@always").kind == .htmlPage(status: 200))
        for bad in ["", "429", "418@always", "503@sometimes", "503@nth:0", "503@always@moon", "html=404@always", "slow@always"] {
            #expect(throws: FaultSpecError.self) { _ = try EntraFault(parsing: bad) }
        }
    }

    @Test("a 429 storm: THR's body, fractional Retry-After, x-ms-throttle headers, then a clean answer; retries are recorded")
    func throttling() async throws {
        let simulator = F.simulator(faults: [try EntraFault(parsing: "429=2.128@range:1-2")])
        let token = try await F.token(simulator)
        let target = "/v1.0/users/\(F.adele.entraID)"
        for attempt in 0..<2 {
            let reply = await F.call(
                simulator, "GET", target, token: token,
                headers: attempt == 0 ? [] : [("retry-attempt", String(attempt))])
            #expect(reply.status == 429)
            #expect(reply.header("retry-after") == "2.128")
            #expect(reply.header("x-ms-throttle-information") == "ResourceUnitLimitExceeded")
            #expect(reply.header("x-ms-throttle-scope") == "Tenant_Application/ReadWrite/\(F.clientID)/\(F.tenantID)")
            let error = try #require(try reply.json()["error"])
            #expect(error["code"]?.string == "TooManyRequests")
            #expect(error["message"]?.string == "Please retry again later.")
            #expect(error["innerError"]?["status"]?.string == "429")
        }
        #expect(await F.call(simulator, "GET", target, token: token, headers: [("retry-attempt", "2")]).status == 200)
        let seen = simulator.inspect()
        #expect(seen.calls.suffix(3).map(\.retryHeaders) == [[], ["retry-attempt: 1"], ["retry-attempt: 2"]])
        #expect(seen.calls.suffix(3).map(\.fault) == ["429=2.128s@range:1-2", "429=2.128s@range:1-2", nil])
        #expect(seen.faultsInjected == 2)
    }

    @Test("a fraction of requests fails, the same ones for the same seed")
    func probability() async throws {
        func run() async throws -> [Int] {
            let simulator = F.simulator(faults: [try EntraFault(parsing: "503@p:0.3")])
            let token = try await F.token(simulator)
            var statuses: [Int] = []
            for _ in 0..<40 { statuses.append(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status) }
            return statuses
        }
        let first = try await run()
        #expect(try await run() == first)
        let failures = first.filter { $0 == 503 }.count
        #expect(failures > 3 && failures < 25)
    }

    @Test(
        "503, 504, HTML pages and truncated JSON", arguments: ["503@nth:1", "504@nth:1", "html@nth:1", "html=502@nth:1", "truncated@nth:1"])
    func garbage(spec: String) async throws {
        let simulator = F.simulator(faults: [try EntraFault(parsing: spec)])
        let token = try await F.token(simulator)
        let reply = await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token)
        switch spec {
        case "503@nth:1", "504@nth:1":
            #expect(reply.status == Int(spec.prefix(3)))
            #expect(try reply.graphCode() != nil)
        case "truncated@nth:1":
            #expect(reply.status == 200)
            #expect(throws: JSONScanError.self) { _ = try reply.json() }
        default:
            #expect(reply.status == (spec.contains("502") ? 502 : 200))
            #expect(reply.header("content-type") == "text/html; charset=utf-8")
            #expect(reply.text.hasPrefix("<!DOCTYPE html>"))
        }
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 200)
    }

    @Test("a slow answer is delayed; token-scoped faults hit only the token endpoint")
    func slowAndScoped() async throws {
        let simulator = F.simulator(faults: [try EntraFault(parsing: "slow=300ms@nth:1"), try EntraFault(parsing: "503@nth:1@token")])
        let refused = await F.tokenRequest(
            simulator, "grant_type=client_credentials&client_id=\(F.clientID)&client_secret=\(F.secret)&scope=\(F.graphScope)")
        #expect(refused.status == 503)
        let token = try await F.token(simulator)
        let start = ContinuousClock.now
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    @Test("expire-tokens makes the next Graph call 401; a new token works")
    func expireTokens() async throws {
        let simulator = F.simulator(faults: [try EntraFault(parsing: "expire-tokens@nth:2")])
        let token = try await F.token(simulator)
        let target = "/v1.0/users/\(F.adele.entraID)"
        #expect(await F.call(simulator, "GET", target, token: token).status == 200)
        let expired = await F.call(simulator, "GET", target, token: token)
        #expect(expired.status == 401)
        #expect(try expired.json()["error"]?["message"]?.string == "Access token has expired or is not yet valid.")
        #expect(await F.call(simulator, "GET", target, token: try await F.token(simulator)).status == 200)
        #expect(simulator.inspect().tokens.first?.expires == F.now)
    }

    @Test("POST /_sim/faults sets faults, expires tokens and secrets, removes roles; bad JSON is a 400")
    func faultsHook() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let set = await F.call(simulator, "POST", "/_sim/faults", body: #"{"faults":["503@always"]}"#)
        #expect(set.status == 200)
        #expect(simulator.faults.map(\.description) == ["503@always"])
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 503)
        #expect(await F.call(simulator, "POST", "/_sim/faults", body: #"{"faults":[]}"#).status == 200)
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 200)
        let removal = #"{"removeRoles":[{"clientId":"\#(F.clientID)","role":"User.Read.All"}]}"#
        #expect(await F.call(simulator, "POST", "/_sim/faults", body: removal).status == 200)
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 403)
        #expect(await F.call(simulator, "POST", "/_sim/faults", body: #"{"expireTokens":true}"#).status == 200)
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 401)
        #expect(await F.call(simulator, "POST", "/_sim/faults", body: #"{"expireSecrets":["\#(F.clientID)"]}"#).status == 200)
        let refused = await F.tokenRequest(
            simulator, "grant_type=client_credentials&client_id=\(F.clientID)&client_secret=\(F.secret)&scope=\(F.graphScope)")
        #expect(try refused.json()["error_codes"]?.text(in: refused.body) == "[7000222]")
        for bad in ["{", #"{"faults":["nonsense"]}"#, #"{"faults":"503@always"}"#, #"{"removeRoles":[{"role":"x"}]}"#] {
            #expect(await F.call(simulator, "POST", "/_sim/faults", body: bad).status == 400, "\(bad)")
        }
        #expect(await F.call(simulator, "POST", "/_sim/faults", body: #"{"expireSecrets":["nobody"]}"#).status == 404)
    }

    @Test("POST /_sim/users/{id}/… changes the directory and GET /_sim/inspect reports it")
    func userHooksAndInspect() async throws {
        let simulator = F.simulator()
        for action in ["disable", "delete", "restore", "enable"] {
            #expect(await F.call(simulator, "POST", "/_sim/users/\(F.adele.entraID)/\(action)").status == 200)
        }
        let rename = await F.call(
            simulator, "POST", "/_sim/users/\(F.adele.email)/rename", body: #"{"userPrincipalName":"adele@contoso.test"}"#)
        #expect(rename.status == 200)
        #expect(await F.call(simulator, "POST", "/_sim/users/nobody/delete").status == 404)
        #expect(await F.call(simulator, "POST", "/_sim/users/\(F.adele.entraID)/explode").status == 404)
        #expect(await F.call(simulator, "POST", "/_sim/delta/invalidate").status == 200)
        let reply = await F.call(simulator, "GET", "/_sim/inspect")
        #expect(reply.status == 200)
        let seen = try JSONDecoder().decode(EntraInspection.self, from: Data(reply.body))
        #expect(seen == simulator.inspect())
        #expect(seen.changes.map(\.what) == ["accountEnabled", "deleted", "deleted", "accountEnabled", "userPrincipalName"])
        #expect(Set(seen.changes.map(\.by)) == ["sim"])
        #expect(F.user(F.adele.entraID, in: seen)?.userPrincipalName == "adele@contoso.test")
        #expect(seen.calls.isEmpty)
    }
}
