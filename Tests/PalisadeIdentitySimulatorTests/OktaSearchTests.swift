import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator
import Testing

@Suite("Okta simulator: list, search, filter, paging")
struct OktaSearchTests {
    private func list(_ simulator: OktaSimulator, _ query: String) async throws -> [String] {
        let response = await OktaFixture.send(simulator, "GET", "/api/v1/users?" + query)
        #expect(response.status == 200, "\(query): \(String(decoding: response.body, as: UTF8.self))")
        return try OktaFixture.ids(response)
    }

    private func ids(_ firstNames: String...) -> [String] {
        firstNames.map(OktaFixture.id)
    }

    @Test("a plain list omits DEPROVISIONED users; search and filter include them")
    func deprovisioned() async throws {
        let simulator = OktaFixture.simulator()
        let all = OktaFixture.names.map(\.first).filter { $0 != "Dan" }.map(OktaFixture.id)
        #expect(try await list(simulator, "") == all)
        let email = FormDecoding.encode(#"profile.email eq "dan.reyes@northwind.test""#)
        #expect(try await list(simulator, "search=" + email) == ids("Dan"))
        #expect(try await list(simulator, "filter=" + FormDecoding.encode(#"status eq "DEPROVISIONED""#)) == ids("Dan"))
    }

    @Test(
        "search expressions",
        arguments: [
            (#"profile.email eq "ana.lima@northwind.test""#, ["Ana"]),
            (#"profile.email eq "ANA.LIMA@NORTHWIND.TEST""#, ["Ana"]),
            (#"profile.login eq "eve.sato@northwind.test""#, ["Eve"]),
            (#"profile.login sw "gia""#, ["Gia"]),
            (#"profile.email co "rossi""#, ["Gia"]),
            (#"status eq "SUSPENDED""#, ["Cara"]),
            (#"status EQ "SUSPENDED" AND profile.firstName eq "Cara""#, ["Cara"]),
            (#"(profile.firstName eq "Ana" or profile.firstName eq "Ben") and status eq "ACTIVE""#, ["Ana", "Ben"]),
            (#"profile.firstName eq "Hal" or profile.lastName eq "Berg""#, ["Finn", "Hal"]),
            (#"lastUpdated gt "2026-01-01T00:00:00.000Z""#, ["Dan"]),
            (#"statusChanged lt "2000-01-01T00:00:00Z""#, []),
            (#"profile.department eq "Sales""#, []),
            (#"profile.email eq "nobody@northwind.test""#, []),
            (#"id eq "00ubob00000000000000""#, []),
        ])
    func search(expression: String, expected: [String]) async throws {
        let found = try await list(OktaFixture.simulator(), "search=" + FormDecoding.encode(expression))
        #expect(found == expected.map(OktaFixture.id))
    }

    @Test("filter takes eq on its attributes and comparisons on lastUpdated only; q is a name or e-mail prefix")
    func filterAndQ() async throws {
        let simulator = OktaFixture.simulator()
        #expect(try await list(simulator, "filter=" + FormDecoding.encode(#"status eq "SUSPENDED""#)) == ids("Cara"))
        let byLogin = FormDecoding.encode(#"profile.login eq "ben.okafor@northwind.test" or id eq "00ueve00000000000000""#)
        #expect(try await list(simulator, "filter=" + byLogin) == ids("Ben", "Eve"))
        for refused in [#"profile.login sw "ben""#, #"profile.displayName eq "Ben Okafor""#, #"status gt "A""#] {
            let response = await OktaFixture.send(simulator, "GET", "/api/v1/users?filter=" + FormDecoding.encode(refused))
            #expect(response.status == 400, "\(refused)")
            #expect(try OktaFixture.errorCode(response) == "E0000031")
        }
        #expect(try await list(simulator, "q=ev") == ids("Eve"))
        #expect(try await list(simulator, "q=dan") == [])
    }

    @Test("paging: limit, Link rel=next with after, the search carried along, every user once")
    func paging() async throws {
        let simulator = OktaFixture.simulator()
        var target: String? = "/api/v1/users?limit=3"
        var pages: [[String]] = []
        while let next = target, pages.count < 10 {
            let response = await OktaFixture.send(simulator, "GET", next)
            #expect(response.status == 200)
            #expect(OktaFixture.header(response, "link")?.contains(#"rel="self""#) == true)
            pages.append(try OktaFixture.ids(response))
            target = OktaFixture.nextTarget(response)
        }
        #expect(pages.map(\.count) == [3, 3, 1])
        let everyone = OktaFixture.names.map(\.first).filter { $0 != "Dan" }.map(OktaFixture.id)
        #expect(Array(pages.joined()) == everyone)

        let search = "search=" + FormDecoding.encode(#"status eq "ACTIVE" or status eq "DEPROVISIONED""#)
        let first = await OktaFixture.send(simulator, "GET", "/api/v1/users?limit=4&" + search)
        let next = try #require(OktaFixture.nextTarget(first))
        #expect(next.contains(search))
        #expect(next.contains("after=\(OktaFixture.id("Eve"))"))
        let second = await OktaFixture.send(simulator, "GET", next)
        #expect(try OktaFixture.ids(second) == ids("Finn", "Gia", "Hal"))
        #expect(OktaFixture.nextTarget(second) == nil)
    }

    @Test("limit is lowered to the maximum; a bad limit or cursor is 400 E0000001")
    func limits() async throws {
        let simulator = OktaFixture.simulator { $0.maxPageSize = 2 }
        let response = await OktaFixture.send(simulator, "GET", "/api/v1/users?limit=500")
        #expect(try OktaFixture.ids(response).count == 2)
        #expect(OktaFixture.header(response, "link")?.contains("limit=2") == true)
        for query in ["limit=0", "limit=-3", "limit=ten", "after=00unknown"] {
            let refused = await OktaFixture.send(simulator, "GET", "/api/v1/users?" + query)
            #expect(refused.status == 400, "\(query)")
            #expect(try OktaFixture.errorCode(refused) == "E0000001")
        }
    }

    @Test(
        "malformed search expressions are 400 E0000031, never a crash",
        arguments: [
            #"profile.email eq"#, #"profile.email eq "x"#, #"foo eq "x""#, #"profile.email ne "x""#, #"(status eq "ACTIVE""#,
            #"profile.email eq "x" and"#, #"status eq "ACTIVE")"#, #""x" eq status"#, "", "   ", #"created sw "2024""#,
            #"profile.firstName co"#, #"lastUpdated gt "yesterday""#,
            String(repeating: "(", count: 100) + #"status eq "ACTIVE""# + String(repeating: ")", count: 100),
            String(repeating: #"status eq "ACTIVE" or "#, count: 300) + #"status eq "ACTIVE""#, #"status eq "\"#,
        ])
    func malformedSearch(expression: String) async throws {
        let response = await OktaFixture.send(OktaFixture.simulator(), "GET", "/api/v1/users?search=" + FormDecoding.encode(expression))
        #expect(response.status == 400)
        #expect(try OktaFixture.errorCode(response) == "E0000031")
    }

    @Test("broken percent-encoding in the query is 400 E0000001")
    func brokenQuery() async throws {
        let response = await OktaFixture.send(OktaFixture.simulator(), "GET", "/api/v1/users?search=%ZZ")
        #expect(response.status == 400)
        #expect(try OktaFixture.errorCode(response) == "E0000001")
    }
}
