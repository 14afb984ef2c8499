import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` during the backfill, at least five times at seeded random moments, while a
/// subscriber (`detection`) follows the log and resubscribes after each failure: the log ends
/// with every entry once, sequences 1…N without a gap, and the subscriber saw each sequence
/// exactly once, in order.
extension IngestionProcessTests {
    /// Which process a crash test kills.
    enum Victim: String, Sendable {
        case ingestion, connector
    }

    @Test(
        "kill -9 ingestion at least 5 times during a 200,000-entry backfill: every entry once, sequences 1…N, the subscriber sees each once in order"
    )
    func killIngestionDuringBackfill() async throws {
        try await crashDuringBackfill(.ingestion, seed: 0x1A6E_5710)
    }

    @Test(
        "kill -9 the connector at least 5 times during a 200,000-entry backfill: every entry once, sequences 1…N, the subscriber sees each once in order"
    )
    func killConnectorDuringBackfill() async throws {
        try await crashDuringBackfill(.connector, seed: 0xC0AA_EC70)
    }

    private func crashDuringBackfill(_ victim: Victim, seed: UInt64) async throws {
        let started = ContinuousClock.now
        let scenario = IngestionProcessFixture.scenario(entries: Self.entries)
        try await IngestionProcessFixture.with(scenario: scenario) { fixture in
            try await fixture.start()
            let follower = LogFollower(mesh: fixture.mesh, port: fixture.ingestionPort)
            let following = Task { await follower.follow() }
            defer { following.cancel() }
            let added = try await fixture.addConnection(backfillDays: 8)
            #expect(added.state == .backfilling)
            let backfill = ContinuousClock.now

            let kills = try await crashLoop(fixture, victim: victim, follower: follower, seed: seed)
            print("\(victim.rawValue) killed \(kills) times in \(ContinuousClock.now - backfill) of backfill")
            #expect(kills >= 5, "the backfill finished after only \(kills) kills of \(victim.rawValue)")

            let (stats, connection) = try await fixture.waitUntilDelivered(timeout: .seconds(240))
            let delivered = ContinuousClock.now
            #expect(
                stats?.activities == UInt64(Self.entries), "stats \(String(describing: stats)); connector \(String(describing: connection))"
            )
            #expect(stats?.lastSequence == UInt64(Self.entries), "stats \(String(describing: stats))")
            #expect(connection?.entriesDeadLettered == 0, "connector \(String(describing: connection))")
            // The subscriber catches up with the last commit, then stops.
            var caughtUp = false
            for _ in 0..<600 where !caughtUp {
                caughtUp = follower.last >= UInt64(Self.entries)
                if !caughtUp { try await Task.sleep(for: .milliseconds(100)) }
            }
            following.cancel()
            await following.value
            print("backfill with \(kills) kills: delivered after \(delivered - backfill); test \(ContinuousClock.now - started) in all")

            print("logged warnings and errors:\n\(fixture.logSummary())")
            try expectFollowed(follower.seen, scenario: scenario, orgID: added.orgID)
            try await expectStored(fixture, scenario: scenario, orgID: added.orgID)
        }
    }

    /// Kills `victim` at most 6 times, each at a seeded random moment 0.3–2 s after the log
    /// grew again since the previous restart (so every kill lands while entries flow, not while
    /// the connector waits out its backoff); returns how many kills there were.
    private func crashLoop(_ fixture: IngestionProcessFixture, victim: Victim, follower: LogFollower, seed: UInt64) async throws -> Int {
        // Seeded, so a failure replays with the same kill moments (give or take scheduling).
        var random = SplitMix64(seed: seed)
        var kills = 0
        while kills < 6 {
            let mark = follower.last
            let deadline = ContinuousClock.now + .seconds(60)
            while follower.last == mark && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            guard follower.last > mark else {
                Issue.record("no activity arrived within 60 s after restart \(kills) of \(victim.rawValue)")
                break
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...2_000, using: &random)))
            // The subscriber's position is the log's, give or take a page: stop once (nearly) all is in.
            guard follower.last < UInt64(Self.entries) - 5_000 else { break }
            switch victim {
            case .ingestion: try await fixture.crashAndRestartIngestion()
            case .connector: try await fixture.crashAndRestartConnector()
            }
            kills += 1
            print("kill \(kills) of \(victim.rawValue) with \(follower.last) activities followed")
        }
        return kills
    }

    /// The subscriber saw 1…N, each once, in order, and exactly the simulator's entries.
    private func expectFollowed(_ seen: LogFollower.Record, scenario: Scenario, orgID: String) throws {
        print("subscriber: \(seen.sequences.count) activities on \(seen.streams) streams; endings: \(seen.endings)")
        #expect(seen.outOfOrder.isEmpty, "the subscriber received sequences out of order: \(seen.outOfOrder)")
        let inOrder = seen.sequences.elementsEqual(1...UInt64(Self.entries))
        #expect(inOrder, "the subscriber did not receive exactly 1…\(Self.entries) in order (\(seen.sequences.count) received)")
        var audit = try ActivityAudit(scenario: scenario, orgID: orgID)
        for (sequence, entryID) in zip(seen.sequences, seen.entryIDs) {
            audit.add(sequence: sequence, entryID: entryID)
        }
        audit.expectComplete("the subscriber")
    }

    /// The stored log, read back with `Query` as an operator: each entry once, sequences 1…N,
    /// and each activity with its entry's bytes, location, category and actor.
    private func expectStored(_ fixture: IngestionProcessFixture, scenario: Scenario, orgID: String) async throws {
        let client = try fixture.ingestionClient(identity: "operator/alice")
        defer { client.close() }
        let audit = try await client.serverStreaming(IngestionAPI.query, ActivityQuery(order: .oldestFirst)) { activities in
            var audit = try ActivityAudit(scenario: scenario, orgID: orgID)
            for try await activity in activities { audit.add(activity, full: true) }
            return audit
        }
        audit.expectComplete("Query")
    }
}
