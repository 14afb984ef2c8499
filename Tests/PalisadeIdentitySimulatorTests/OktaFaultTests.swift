import Foundation
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator
import Testing

@Suite("Okta simulator: rate limits and faults")
struct OktaFaultTests {
    private let ana = "/api/v1/users/\(OktaFixture.id("Ana"))"

    private func faulted(_ specs: String...) throws -> OktaSimulator {
        let faults = try specs.map { try OktaFault(parsing: $0) }
        return OktaFixture.simulator { $0.faults = faults }
    }

    @Test("every API answer carries the rate-limit headers, a request id and Date, errors included")
    func headersEverywhere() async throws {
        let simulator = OktaFixture.simulator()
        var requestIDs: Set<String> = []
        for (target, authorization) in [
            (ana, "SSWS \(OktaFixture.manage)"), (ana, "SSWS wrong"), ("/api/v1/nothing", "SSWS \(OktaFixture.manage)"),
        ] {
            let response = await OktaFixture.send(simulator, "GET", target, authorization: authorization)
            #expect(OktaFixture.header(response, "x-rate-limit-limit") != nil)
            #expect(OktaFixture.header(response, "x-rate-limit-remaining") != nil)
            #expect(OktaFixture.header(response, "x-rate-limit-reset") == String(OktaFixture.now - OktaFixture.now % 60 + 60))
            #expect(OktaFixture.header(response, "date") == "Mon, 21 Sep 2026 14:13:20 GMT")
            let requestID = try #require(OktaFixture.header(response, "x-okta-request-id"))
            #expect(requestID.count == 27)
            requestIDs.insert(requestID)
        }
        #expect(requestIDs.count == 3)
    }

    @Test("over a bucket's limit: 429 E0000047 until the minute ends; other buckets go on")
    func rateLimit() async throws {
        let clock = SimulatorClock(now: OktaFixture.now)
        let simulator = OktaFixture.simulator {
            $0.rateLimits = [.getUser: 3]
            $0.clock = clock
        }
        var remaining: [String] = []
        for _ in 0..<3 {
            let response = await OktaFixture.send(simulator, "GET", ana)
            #expect(response.status == 200)
            remaining.append(OktaFixture.header(response, "x-rate-limit-remaining") ?? "")
        }
        #expect(remaining == ["2", "1", "0"])
        let limited = await OktaFixture.send(simulator, "GET", ana)
        #expect(limited.status == 429)
        #expect(try OktaFixture.errorCode(limited) == "E0000047")
        #expect(OktaFixture.header(limited, "x-rate-limit-limit") == "3")
        let reset = try #require(Int64(OktaFixture.header(limited, "x-rate-limit-reset") ?? ""))
        let date = try #require(HTTPDate.parse(OktaFixture.header(limited, "date") ?? ""))
        #expect(reset > date && reset - date <= 60)
        #expect(await OktaFixture.send(simulator, "GET", "/api/v1/users").status == 200)
        clock.advance(seconds: reset - date)
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 200)
    }

    @Test("a 429 storm of a count: Remaining 0 and Reset the given seconds after Date; the state is untouched")
    func stormCount() async throws {
        let simulator = try faulted("429=5s@range:1-2")
        for _ in 0..<2 {
            let response = await OktaFixture.send(simulator, "POST", ana + "/lifecycle/suspend")
            #expect(response.status == 429)
            #expect(try OktaFixture.errorCode(response) == "E0000047")
            #expect(OktaFixture.header(response, "x-rate-limit-remaining") == "0")
            #expect(OktaFixture.header(response, "x-rate-limit-reset") == String(OktaFixture.now + 5))
            #expect(OktaFixture.header(response, "date") == HTTPDate.format(OktaFixture.now))
        }
        #expect(simulator.inspect().user(OktaFixture.id("Ana"))?.status == .active)
        #expect(await OktaFixture.send(simulator, "POST", ana + "/lifecycle/suspend").status == 200)
        let faults = simulator.inspect().calls.map(\.faults)
        #expect(faults == [["429=5s@range:1-2"], ["429=5s@range:1-2"], []])
    }

    @Test("a 429 storm of a fraction hits about that share of requests, reproducibly for a seed")
    func stormFraction() async throws {
        var counts: [Int] = []
        for _ in 0..<2 {
            let simulator = try faulted("429@p:0.3")
            var limited = 0
            for _ in 0..<200 where await OktaFixture.send(simulator, "GET", ana).status == 429 { limited += 1 }
            counts.append(limited)
        }
        #expect(counts[0] == counts[1])
        #expect((30...90).contains(counts[0]))
    }

    @Test("replacing the faults numbers requests from 1 again")
    func renumbering() async throws {
        let simulator = OktaFixture.simulator()
        for _ in 0..<3 { _ = await OktaFixture.send(simulator, "GET", ana) }
        simulator.setFaults([try OktaFault(parsing: "503@nth:1")])
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 503)
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 200)
    }

    @Test("503 and 504 answer an Okta error body with the rate-limit headers", arguments: [500, 502, 503, 504])
    func serverErrors(status: Int) async throws {
        let simulator = try faulted("\(status)@always")
        let response = await OktaFixture.send(simulator, "GET", ana)
        #expect(response.status == status)
        #expect(try OktaFixture.errorCode(response) == "E0000009")
        #expect(OktaFixture.header(response, "x-rate-limit-reset") != nil && OktaFixture.header(response, "date") != nil)
    }

    @Test("a slow answer is delayed")
    func slow() async throws {
        let simulator = try faulted("slow=300ms@nth:1")
        let start = ContinuousClock.now
        let response = await OktaFixture.send(simulator, "GET", ana)
        #expect(response.status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    @Test("revoke: the request's token is refused from then on; other tokens go on; the Swift API revokes and restores")
    func revoke() async throws {
        let simulator = try faulted("revoke@nth:2")
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 200)
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 401)
        let later = await OktaFixture.send(simulator, "GET", ana)
        #expect(later.status == 401)
        #expect(try OktaFixture.errorCode(later) == "E0000011")
        let bearer = await OktaFixture.send(simulator, "GET", ana, authorization: "Bearer \(OktaFixture.bearer)")
        #expect(bearer.status == 200)
        #expect(simulator.revoke(token: OktaFixture.bearer))
        let revoked = await OktaFixture.send(simulator, "GET", ana, authorization: "Bearer \(OktaFixture.bearer)")
        #expect(revoked.status == 401)
        #expect(OktaFixture.header(revoked, "www-authenticate")?.contains("invalid_token") == true)
        simulator.addCredential(.apiToken(OktaFixture.manage))
        #expect(await OktaFixture.send(simulator, "GET", ana).status == 200)
    }

    @Test("garbage: an HTML page with 200 or 502 in the API's place, changing nothing", arguments: ["html=200", "html"])
    func htmlPage(spec: String) async throws {
        let simulator = try faulted(spec + "@nth:1")
        let response = await OktaFixture.send(simulator, "POST", ana + "/lifecycle/suspend")
        #expect(response.status == (spec == "html" ? 502 : 200))
        #expect(OktaFixture.header(response, "content-type") == "text/html; charset=utf-8")
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
        #expect(simulator.inspect().user(OktaFixture.id("Ana"))?.status == .active)
    }

    @Test("garbage: truncated JSON (the call itself took effect), and a transfer broken half way")
    func truncatedAndAbort() async throws {
        let simulator = try faulted("truncated@nth:1", "abort@nth:2")
        let whole = await OktaFixture.simulator().handle(
            HTTPServerRequest(
                method: "GET", target: "/api/v1/users", headers: [("authorization", "SSWS \(OktaFixture.manage)")]))
        let truncated = await OktaFixture.send(simulator, "GET", "/api/v1/users")
        #expect(truncated.status == 200 && truncated.body.count == whole.body.count / 2)
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(truncated.body)) }
        let aborted = await OktaFixture.send(simulator, "GET", "/api/v1/users")
        #expect(aborted.abortAfterBytes == whole.body.count / 2)
    }

    @Test(
        "the --fault grammar round-trips and refuses nonsense",
        arguments: [
            "429=5s@range:1-3", "503@p:0.25", "slow=250ms@every:10", "revoke@nth:4", "html=200@always", "truncated@nth:2", "abort@every:3",
        ])
    func grammar(spec: String) throws {
        #expect(try OktaFault(parsing: spec).description == spec)
    }

    @Test(
        "bad fault specifications are refused",
        arguments: ["429", "html=700@nth:1", "teapot@nth:1", "503@sometimes", "slow@nth:1", "revoke=1@nth:1", "429=2h@nth:1"])
    func badGrammar(spec: String) {
        #expect(throws: FaultSpecError.self) { try OktaFault(parsing: spec) }
    }
}
