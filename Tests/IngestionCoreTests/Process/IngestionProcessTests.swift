import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import Testing

/// The acceptance tests of `palisade-ingestion` that need real processes (issue 13): the Slack
/// simulator, `palisade-connector` and `palisade-ingestion` over mutual TLS, the default GeoIP
/// database, and the real `palisade` CLI reading the result. The crash tests are in
/// `IngestionProcessTests+Crashes.swift`.
///
/// Serialized: each test runs whole processes moving 200,000 entries, and the machine has two
/// cores. Each prints its timings.
@Suite("palisade-ingestion process", .serialized)
struct IngestionProcessTests {
    static let entries = 200_000

    @Test(
        "backfill of 200,000 entries over 7 days end to end: the CLI's export holds each entry once, sequences 1…N, raw bytes, location, category and actor; entries sent again are not stored again"
    )
    func backfillEndToEnd() async throws {
        let started = ContinuousClock.now
        let scenario = IngestionProcessFixture.scenario(entries: Self.entries)
        try await IngestionProcessFixture.with(scenario: scenario) { fixture in
            try await fixture.start()
            let ready = ContinuousClock.now
            let added = try await fixture.addConnection(backfillDays: 8)
            #expect(added.state == .backfilling)
            let (stats, connection) = try await fixture.waitUntilDelivered(timeout: .seconds(240))
            let delivered = ContinuousClock.now
            print("backfill: \(stats?.activities ?? 0) activities stored in \(delivered - ready) (setup \(ready - started))")
            let final = try #require(stats, "GetStats never answered; ingestion log:\n\(fixture.ingestion.log)")
            #expect(final.activities == UInt64(Self.entries), "connector: \(String(describing: connection))")
            #expect(final.firstSequence == 1 && final.lastSequence == UInt64(Self.entries))
            #expect(final.geoipDatabase.hasPrefix("DBIP-City-Lite "), "\(final.geoipDatabase)")
            #expect(connection?.entriesPending == 0 && connection?.entriesDeadLettered == 0, "\(String(describing: connection))")

            try await exportAndAudit(fixture, scenario: scenario, orgID: added.orgID)
            let exported = ContinuousClock.now
            print("export through `palisade activities query --format jsonl` and audit: \(exported - delivered)")

            try await sendAgain(fixture, scenario: scenario, added: added, before: final)
            print("logged warnings and errors:\n\(fixture.logSummary())")
            print("backfill test: \(ContinuousClock.now - started) in all")
        }
    }

    /// The whole log through the CLI as an operator, checked entry by entry.
    private func exportAndAudit(_ fixture: IngestionProcessFixture, scenario: Scenario, orgID: String) async throws {
        let arguments =
            ["activities", "query", "--format", "jsonl"] + CLIExport.connection(port: fixture.ingestionPort, files: fixture.operatorFiles)
        let started = ContinuousClock.now
        let expected = try ActivityAudit(scenario: scenario, orgID: orgID)
        let prepared = ContinuousClock.now
        let (run, audit) = try await CLIExport.run(arguments, directory: fixture.scope.directory, timeout: .seconds(180), state: expected) {
            audit, line in
            guard let activity = try ActivityAudit.Observed(jsonLine: line) else {
                throw FixtureLineError(line: String(decoding: line.prefix(300), as: UTF8.self))
            }
            audit.add(activity, full: true)
        }
        print("expectations computed in \(prepared - started); CLI export read in \(ContinuousClock.now - prepared)")
        #expect(run.status == 0, "palisade activities query exited \(run.status): \(run.errors)")
        #expect(run.lines == Self.entries, "\(run.lines) lines exported")
        audit.expectComplete("the CLI's export")
    }

    /// A line of the export that is not an activity.
    struct FixtureLineError: Error, CustomStringConvertible {
        let line: String
        var description: String { "not an activity: \(line)" }
    }

    /// Entries already stored, pushed again as the connector (a resend after a lost
    /// acknowledgement): counted, not stored, and the log does not change.
    private func sendAgain(
        _ fixture: IngestionProcessFixture, scenario: Scenario, added: ConnectionInfo, before: IngestionStats
    ) async throws {
        let client = try fixture.ingestionClient(identity: "connector")
        defer { client.close() }
        // Every 20th entry, 10,000 in all, in their order, 500 a batch: the whole span of the log.
        let again = stride(from: 0, to: scenario.entries.count, by: 20).map { Data(scenario.entries[$0].json) }
        var pending: [IngestBatch] = []
        for start in stride(from: 0, to: again.count, by: 500) {
            let entries = Array(again[start..<min(start + 500, again.count)])
            let batchID = UInt64(1_000_000 + pending.count)
            pending.append(IngestBatch(orgID: added.orgID, connectionID: added.id, batchID: batchID, entries: entries))
        }
        let batches = pending
        let summary = try await client.clientStreaming(IngestionAPI.ingest, options: CallOptions(timeout: .seconds(120))) { writer in
            for batch in batches { try await writer.write(batch) }
        }
        #expect(summary.batches == UInt64(batches.count) && summary.entries == UInt64(again.count), "\(summary)")
        #expect(summary.newEntries == 0, "\(summary)")
        let after = try await fixture.stats()
        #expect(after.activities == before.activities && after.lastSequence == before.lastSequence, "before \(before), after \(after)")
    }
}
