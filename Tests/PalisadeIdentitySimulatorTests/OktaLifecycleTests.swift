import PalisadeIdentitySimulator
import PalisadeRPC
import Testing

@Suite("Okta simulator: lifecycle, sessions, deletion")
struct OktaLifecycleTests {
    private func post(_ simulator: OktaSimulator, _ user: String, _ operation: String) async -> HTTPServerResponse {
        await OktaFixture.send(simulator, "POST", "/api/v1/users/\(user)/lifecycle/\(operation)")
    }

    @Test("suspend and unsuspend: 200 with an empty body, the status and links change, the transition is recorded")
    func suspendUnsuspend() async throws {
        let simulator = OktaFixture.simulator()
        let ana = OktaFixture.id("Ana")
        let suspended = await post(simulator, ana, "suspend")
        #expect(suspended.status == 200 && suspended.body.isEmpty)
        #expect(OktaFixture.header(suspended, "content-type") == nil)
        let user = try OktaFixture.object(await OktaFixture.send(simulator, "GET", "/api/v1/users/\(ana)"))
        #expect(user["status"] as? String == "SUSPENDED")
        #expect(user["statusChanged"] as? String == "2026-09-21T14:13:20.000Z")
        let links = try #require(user["_links"] as? [String: Any])
        #expect(links["unsuspend"] != nil && links["suspend"] == nil)
        let unsuspended = await post(simulator, "ana.lima@northwind.test", "unsuspend")
        #expect(unsuspended.status == 200)

        let transitions = simulator.inspect().transitions
        #expect(transitions.map(\.to) == [.suspended, .active])
        #expect(transitions.map(\.from) == [.active, .suspended])
        #expect(transitions[0].requestID == OktaFixture.header(suspended, "x-okta-request-id"))
        #expect(transitions[1].requestID == OktaFixture.header(unsuspended, "x-okta-request-id"))
        let allAPI = transitions.allSatisfy { $0.userID == ana && $0.via == "api" && $0.at == OktaFixture.now }
        #expect(allAPI)
    }

    @Test(
        "a lifecycle call in the wrong status is refused and changes nothing",
        arguments: [
            ("Cara", "suspend", 400, "E0000001"), ("Ana", "unsuspend", 400, "E0000001"), ("Dan", "deactivate", 400, "E0000001"),
            ("Ana", "unlock", 400, "E0000001"), ("Ana", "activate", 403, "E0000016"), ("Ana", "reactivate", 403, "E0000038"),
            ("Dan", "suspend", 400, "E0000001"),
        ])
    func wrongStatus(user: String, operation: String, status: Int, code: String) async throws {
        let simulator = OktaFixture.simulator()
        let before = simulator.inspect().users
        let response = await post(simulator, OktaFixture.id(user), operation)
        #expect(response.status == status)
        let body = try OktaFixture.object(response)
        #expect(body["errorCode"] as? String == code)
        if code == "E0000001" {
            #expect(body["errorSummary"] as? String == "Api validation failed: \(operation)")
            #expect((body["errorCauses"] as? [[String: Any]])?.count == 1)
        }
        #expect(simulator.inspect().users == before)
        #expect(simulator.inspect().transitions.isEmpty)
    }

    @Test("deactivate from any status, activate a deprovisioned user, unlock a locked-out one")
    func otherOperations() async throws {
        let simulator = OktaFixture.simulator()
        #expect(await post(simulator, OktaFixture.id("Cara"), "deactivate").status == 200)
        #expect(await post(simulator, OktaFixture.id("Ben"), "deactivate").status == 200)
        #expect(await post(simulator, OktaFixture.id("Dan"), "activate").status == 200)
        let activation = await OktaFixture.send(
            simulator, "POST", "/api/v1/users/\(OktaFixture.id("Ben"))/lifecycle/activate?sendEmail=false")
        #expect(activation.status == 200)
        #expect(try OktaFixture.object(activation)["activationToken"] is String)
        try simulator.apply(.lockOut, to: "eve.sato@northwind.test")
        #expect(await post(simulator, OktaFixture.id("Eve"), "unlock").status == 200)
        let inspection = simulator.inspect()
        #expect(inspection.user("cara.novak@northwind.test")?.status == .deprovisioned)
        #expect(inspection.user(OktaFixture.id("Dan"))?.status == .provisioned)
        #expect(inspection.user(OktaFixture.id("Ben"))?.status == .provisioned)
        #expect(inspection.user(OktaFixture.id("Eve"))?.status == .active)
        let viaAPI = inspection.transitions.filter { $0.via == "api" }
        #expect(viaAPI.count == 5)
    }

    @Test("unknown users, operations and methods")
    func unknowns() async throws {
        let simulator = OktaFixture.simulator()
        let unknownUser = await post(simulator, "00unobody", "suspend")
        #expect(unknownUser.status == 404)
        #expect(try OktaFixture.errorCode(unknownUser) == "E0000007")
        #expect(await post(simulator, OktaFixture.id("Ana"), "explode").status == 404)
        let wrongMethod = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(OktaFixture.id("Ana"))/lifecycle/suspend")
        #expect(wrongMethod.status == 405)
        #expect(try OktaFixture.errorCode(wrongMethod) == "E0000022")
    }

    @Test("clearing sessions: 204, recorded with oauthTokens and forgetDevices, repeatable")
    func sessions() async throws {
        let simulator = OktaFixture.simulator()
        let ana = OktaFixture.id("Ana")
        let first = await OktaFixture.send(simulator, "DELETE", "/api/v1/users/\(ana)/sessions?oauthTokens=true")
        #expect(first.status == 204 && first.body.isEmpty)
        let second = await OktaFixture.send(simulator, "DELETE", "/api/v1/users/ana.lima@northwind.test/sessions?forgetDevices=false")
        #expect(second.status == 204)
        let clears = simulator.inspect().sessionClears
        #expect(clears.map(\.oauthTokens) == [true, false])
        #expect(clears.map(\.forgetDevices) == [nil, false])
        let allAna = clears.allSatisfy { $0.userID == ana && $0.at == OktaFixture.now }
        #expect(allAna)
        #expect(clears[0].requestID == OktaFixture.header(first, "x-okta-request-id"))
        let unknown = await OktaFixture.send(simulator, "DELETE", "/api/v1/users/nobody/sessions")
        #expect(unknown.status == 404)
        #expect(simulator.inspect().transitions.isEmpty)
    }

    @Test("DELETE deactivates first, then deletes: the user is 404 afterwards")
    func delete() async throws {
        let simulator = OktaFixture.simulator()
        let ana = OktaFixture.id("Ana")
        #expect(await OktaFixture.send(simulator, "DELETE", "/api/v1/users/\(ana)").status == 204)
        #expect(simulator.inspect().user(ana)?.status == .deprovisioned)
        #expect(await OktaFixture.send(simulator, "DELETE", "/api/v1/users/\(ana)").status == 204)
        #expect(simulator.inspect().user(ana)?.deleted == true)
        let gone = await OktaFixture.send(simulator, "GET", "/api/v1/users/\(ana)")
        #expect(gone.status == 404)
        let listed = try OktaFixture.ids(await OktaFixture.send(simulator, "GET", "/api/v1/users"))
        #expect(!listed.contains(ana))
    }
}
