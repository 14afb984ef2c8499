import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeIdentitySimulator
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import IdentityCore

/// The directory copy against the Entra simulator's delta query: a full read (paged, deleted
/// items included), changes applied round by round, a 410 read again in full, and the copy
/// kept in SQLite across a restart.
@Suite struct DirectorySyncTests {
    @Test func theCopyFollowsTheTenant() async throws {
        let directory = try TemporaryDirectory("entra-sync")
        let app = EntraApp(clientID: "5c0f0000-0000-4000-8000-0000000000aa", secrets: [EntraApp.Secret("s")])
        let tenant = try EntraTestTenant(app: app, caFile: directory.file("ca.pem"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let client = try HTTPClient(configuration: HTTPClient.Configuration(caFile: tenant.caFile), logger: logger)
        let http = ProviderHTTP(
            name: "Microsoft Graph", client: client, budget: .seconds(10), logger: logger, requestIDHeaders: ["request-id"])
        let tokens = EntraTokenSource(
            http: http, authority: tenant.base, tenant: tenant.directory.domain, clientID: app.clientID,
            scope: "https://graph.microsoft.com/.default",
            credential: .secret("s"))
        let graph = GraphClient(http: http, base: tenant.base + "/v1.0", tokens: tokens)
        let log = try ActionLog(path: directory.file("identity.sqlite"), providerMigrations: DirectoryCopy.migrations)
        let copy = try DirectoryCopy(database: log.database)
        let sync = DirectorySync(graph: graph, copy: copy, interval: .seconds(60), logger: logger)
        let provider = EntraProvider(graph: graph, copy: copy, sync: sync, tenant: tenant.directory.domain, sender: nil)
        func state(_ person: DirectoryPerson) async throws -> UserState {
            try await provider.status(of: UserKey(email: person.email)).state
        }

        try await sync.round()
        #expect(copy.isReady && copy.count == tenant.directory.people.count)
        let people = tenant.directory.people.filter { $0.status == .active && !$0.isAdmin }
        let (ana, ben, cy) = (people[0], people[1], people[2])
        let first = try await state(ana)
        #expect(first == .active)

        // A round of changes: deleted (soft), disabled; then restored.
        #expect(tenant.simulator.delete(userID: ana.entraID) && tenant.simulator.setAccountEnabled(false, userID: ben.entraID))
        try await sync.round()
        let afterChanges = [try await state(ana), try await state(ben), try await state(cy)]
        #expect(afterChanges == [.deleted, .disabled, .active])
        let deleted = try await provider.status(of: UserKey(email: ana.email)).deleted
        #expect(deleted != nil)
        #expect(tenant.simulator.restore(userID: ana.entraID))
        try await sync.round()
        let restored = try await state(ana)
        #expect(restored == .active)

        // Graph drops the delta link: 410, the copy is read again in full, and stays right.
        tenant.simulator.invalidateDeltaTokens()
        #expect(tenant.simulator.setAccountEnabled(false, userID: cy.entraID))
        try await sync.round()
        let afterResync = [try await state(cy), try await state(ben)]
        #expect(afterResync == [.disabled, .disabled] && copy.count == tenant.directory.people.count)
        let gone = tenant.simulator.inspect().calls.contains { $0.status == 410 }
        #expect(gone)

        // A restart reads the copy back from SQLite, delta link included.
        let reopened = try DirectoryCopy(database: log.database)
        #expect(reopened.isReady && reopened.count == copy.count && reopened.deltaLink == copy.deltaLink)
        #expect(reopened.entries(address: cy.email).first?.enabled == false)
        log.close()
        client.shutdown()
        await tenant.shutdown()
    }
}
