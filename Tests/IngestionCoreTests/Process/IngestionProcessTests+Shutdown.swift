import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A graceful stop while detection follows the log: `Subscribe` never ends by itself, so the
/// stop must end it (UNAVAILABLE, "subscribe again after N") rather than wait out the server's
/// shutdown grace period; the subscriber resumes on the next process without a gap.
extension IngestionProcessTests {
    @Test(
        "SIGTERM with a subscriber following live: exit status 0 within 5 s, the stream ends UNAVAILABLE, the subscriber resumes after a restart"
    )
    func sigtermWithSubscriber() async throws {
        let scenario = IngestionProcessFixture.scenario(entries: 2_000)
        try await IngestionProcessFixture.with(scenario: scenario) { fixture in
            try await fixture.start()
            let added = try await fixture.addConnection(backfillDays: 8)
            let (stats, _) = try await fixture.waitUntilDelivered(timeout: .seconds(60))
            #expect(stats?.activities == 2_000)
            let follower = LogFollower(mesh: fixture.mesh, port: fixture.ingestionPort)
            let following = Task { await follower.follow() }
            defer { following.cancel() }
            for _ in 0..<200 where follower.last < 2_000 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(follower.last == 2_000)

            let exit = try await fixture.ingestion.stop(signal: SIGTERM, timeout: .seconds(20))
            let log = fixture.ingestion.log
            print("palisade-ingestion on SIGTERM with a subscriber: \(exit?.description ?? "still running after 20 s")")
            let exitedZero = exit?.reason == .exit && exit?.status == 0
            #expect(exitedZero, "\(exit?.description ?? "still running 20 s after SIGTERM"); log:\n\(log)")
            let elapsed = exit?.elapsed ?? .seconds(20)
            #expect(elapsed < .seconds(5), "took \(elapsed) to stop")
            #expect(log.contains("msg=\"ingestion stopped\""), "no 'ingestion stopped' line; log:\n\(log)")
            let endings = follower.seen.endings
            let told = endings.contains { $0.contains("UNAVAILABLE") && $0.contains("subscribe again after 2000") }
            #expect(told, "the subscriber's stream ended with \(endings)")

            // Back on the same port: the follower resumes after 2,000 and gets nothing twice.
            _ = try await fixture.ingestion.launch(config: fixture.ingestionConfig)
            let fresh = try await ingestFresh(fixture, added: added, count: 10)
            for _ in 0..<200 where follower.last < 2_000 + UInt64(fresh) { try await Task.sleep(for: .milliseconds(50)) }
            following.cancel()
            await following.value
            let seen = follower.seen
            #expect(seen.sequences.elementsEqual(1...UInt64(2_000 + fresh)), "\(seen.sequences.count) received; \(seen.outOfOrder)")
        }
    }

    /// Pushes `count` new entries (dated now) as the connector would; how many were stored.
    private func ingestFresh(_ fixture: IngestionProcessFixture, added: ConnectionInfo, count: Int) async throws -> Int {
        var source = LiveEntrySource(organization: fixture.scenario.organization, seed: 99)
        let now = Int64(Date().timeIntervalSince1970)
        let entries = (0..<count).map { Data(source.next(at: now - Int64(count) + Int64($0)).json) }
        let client = try fixture.ingestionClient(identity: "connector")
        defer { client.close() }
        let summary = try await client.clientStreaming(IngestionAPI.ingest, options: CallOptions(timeout: .seconds(30))) { writer in
            try await writer.write(IngestBatch(orgID: added.orgID, connectionID: added.id, batchID: 1, entries: entries))
        }
        return Int(summary.newEntries)
    }
}
