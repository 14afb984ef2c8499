import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeSlackSimulator
import Testing

@Suite("Entra simulator: deleted items and users delta")
struct EntraDeltaTests {
    typealias F = EntraFixture

    /// Follows links from `target` until a deltaLink; returns the items and the deltaLink.
    static func round(_ simulator: EntraSimulator, _ token: String, _ target: String, headers: [(name: String, value: String)] = [])
        async throws -> (items: [JSONElement], deltaLink: String, pages: Int)
    {
        var next = target
        var items: [JSONElement] = []
        var pages = 0
        while true {
            let reply = await F.call(simulator, "GET", next, token: token, headers: [("host", "sim:1")] + headers)
            #expect(reply.status == 200, "\(next): \(reply.text)")
            let json = try reply.json()
            items += try reply.values()
            pages += 1
            if let link = json["@odata.nextLink"]?.string {
                #expect(link.hasPrefix("https://sim:1/v1.0/users/delta?$skiptoken="))
                next = String(link.dropFirst("https://sim:1".count))
            } else {
                let link = try #require(json["@odata.deltaLink"]?.string)
                #expect(link.hasPrefix("https://sim:1/v1.0/users/delta?$deltatoken="))
                return (items, String(link.dropFirst("https://sim:1".count)), pages)
            }
            if pages > 50 { throw DeltaLoop() }
        }
    }

    struct DeltaLoop: Error {}

    @Test("deleted items list soft-deleted users with deletedDateTime, via either cast, with $select and $top paging")
    func deletedItems() async throws {
        let clock = SimulatorClock(now: F.now)
        let simulator = F.simulator(clock: clock)
        let token = try await F.token(simulator)
        let first = await F.call(simulator, "GET", "/v1.0/directory/deletedItems/microsoft.graph.user", token: token)
        #expect(first.status == 200)
        #expect(F.ids(try first.values()) == [F.tom.entraID])
        #expect(try first.values().first?["deletedDateTime"]?.string == "2026-05-28T20:26:40Z")
        clock.advance(seconds: 10)
        #expect(simulator.delete(userID: F.adele.email))
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 404)
        let short = await F.call(
            simulator, "GET", "/v1.0/directory/deletedItems/graph.user?$select=id,deletedDateTime&$top=1", token: token,
            headers: [("host", "sim:1")])
        let page = try short.values()
        #expect(page.count == 1)
        #expect(page.first?.members?.map(\.key) == ["id", "deletedDateTime"])
        let link = try #require(try short.json()["@odata.nextLink"]?.string)
        let second = await F.call(simulator, "GET", String(link.dropFirst("https://sim:1".count)), token: token)
        #expect(F.ids(try second.values()) == [F.tom.entraID])
        #expect(try second.values().first?["deletedDateTime"]?.string == "2026-05-28T20:26:40Z")
        #expect(page.first?["deletedDateTime"]?.string == "2026-09-21T14:13:30Z")
        #expect(simulator.restore(userID: F.adele.entraID))
        #expect(await F.call(simulator, "GET", "/v1.0/users/\(F.adele.entraID)", token: token).status == 200)
        let bare = await F.call(simulator, "GET", "/v1.0/directory/deletedItems", token: token)
        #expect(bare.status == 400)
    }

    @Test("a full delta cycle: initial pages, a change, a delete as @removed changed, a purge as deleted, restore, 410 after invalidation")
    func cycle() async throws {
        let simulator = F.simulator(deltaPageSize: 4)
        let token = try await F.token(simulator)
        let initial = try await Self.round(simulator, token, "/v1.0/users/delta()?$select=id,mail,accountEnabled,displayName")
        #expect(initial.pages == 3)
        #expect(F.ids(initial.items) == F.notDeletedIDs)
        #expect(initial.items.first?.members?.map(\.key) == ["mail", "accountEnabled", "displayName", "id"])
        let quiet = try await Self.round(simulator, token, initial.deltaLink)
        #expect(quiet.items.isEmpty && quiet.pages == 1)

        #expect(simulator.setAccountEnabled(false, userID: F.adele.entraID))
        #expect(simulator.delete(userID: F.conor.entraID))
        #expect(simulator.purge(userID: F.lee.entraID))
        // Not selected, so not tracked: a revocation alone shows nothing.
        let patch = await F.call(simulator, "POST", "/v1.0/users/\(F.megan.entraID)/revokeSignInSessions", token: token)
        #expect(patch.status == 200)
        let changes = try await Self.round(simulator, token, quiet.deltaLink)
        #expect(changes.items.count == 3)
        let byID = Dictionary(uniqueKeysWithValues: changes.items.compactMap { item in item["id"]?.string.map { ($0, item) } })
        #expect(byID[F.adele.entraID]?["accountEnabled"]?.value.isFalse == true)
        #expect(byID[F.adele.entraID]?["mail"]?.string == F.adele.email)
        #expect(byID[F.conor.entraID]?["@removed"]?["reason"]?.string == "changed")
        #expect(byID[F.conor.entraID]?.members?.count == 2)
        #expect(byID[F.lee.entraID]?["@removed"]?["reason"]?.string == "deleted")

        #expect(simulator.restore(userID: F.conor.entraID))
        #expect(simulator.rename(userID: F.adele.entraID, displayName: "Adele V."))
        let minimal = try await Self.round(simulator, token, changes.deltaLink, headers: [("prefer", "return=minimal")])
        let minimalByID = Dictionary(uniqueKeysWithValues: minimal.items.compactMap { item in item["id"]?.string.map { ($0, item) } })
        #expect(minimalByID[F.adele.entraID]?.members?.map(\.key) == ["displayName", "id"])
        #expect(minimalByID[F.conor.entraID]?.members?.map(\.key) == ["mail", "accountEnabled", "displayName", "id"])

        simulator.invalidateDeltaTokens()
        let gone = await F.call(simulator, "GET", minimal.deltaLink, token: token, headers: [("host", "sim:1")])
        #expect(gone.status == 410)
        #expect(try gone.graphCode() == "resyncRequired")
        let location = try #require(gone.header("location"))
        #expect(location == "https://sim:1/v1.0/users/delta?$select=id,mail,accountEnabled,displayName&$deltatoken=")
        let resync = try await Self.round(simulator, token, String(location.dropFirst("https://sim:1".count)))
        #expect(resync.items.count == 8)
    }

    @Test("$deltatoken=latest gives a deltaLink and no data; later changes come from it")
    func latest() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let reply = await F.call(simulator, "GET", "/v1.0/users/delta?$deltatoken=latest&$select=id,accountEnabled", token: token)
        #expect(reply.status == 200)
        #expect(try reply.values().isEmpty)
        let link = try #require(try reply.json()["@odata.deltaLink"]?.string)
        #expect(simulator.setAccountEnabled(false, userID: F.alexID))
        let path = String(link.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        let changes = try await Self.round(simulator, token, path)
        #expect(F.ids(changes.items) == [F.alexID])
        #expect(changes.items.first?.members?.map(\.key) == ["accountEnabled", "id"])
    }

    @Test("delta filtered by ids reports only those users; delta tokens expire after 7 days")
    func filteredAndExpiry() async throws {
        let clock = SimulatorClock(now: F.now)
        let simulator = F.simulator(clock: clock)
        let token = try await F.token(simulator)
        let filtered = try await Self.round(
            simulator, token, "/v1.0/users/delta?$filter=id eq '\(F.adele.entraID)' or id eq '\(F.megan.entraID)'")
        #expect(F.ids(filtered.items) == [F.adele.entraID, F.megan.entraID])
        clock.advance(seconds: 8 * 86_400)
        let fresh = try await F.token(simulator)
        let stale = await F.call(simulator, "GET", filtered.deltaLink, token: fresh)
        #expect(stale.status == 410)
    }
}

extension EntraFixture {
    static var alexID: String { people[5].entraID }
}
