import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeSlackSimulator
import Testing

@Suite("Connector against the Slack simulator: backfill")
struct BackfillTests {
    @Test("a 7-day backfill of 200,000 entries arrives complete, once each, oldest first")
    func backfill200k() async throws {
        let scenario = ConnectorHarness.scenario(entries: 200_000)
        var settings = ConnectorHarness.fastSettings
        settings.pageSize = 9999
        try await ConnectorHarness.with(entries: scenario.entries, settings: settings) { harness in
            let info = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            #expect(info.orgID == "E0CONTOSO1")
            let started = ContinuousClock.now
            let done = try await harness.waitUntil(timeout: .seconds(240)) { harness.receiver.distinctCount >= 200_000 }
            #expect(done)
            print("backfill of \(harness.receiver.distinctCount) entries took \(ContinuousClock.now - started)")
            let ids = harness.receiver.ids
            let expected = scenario.entries.map(\.id)
            #expect(ids.count == expected.count, "entries delivered (with repeats)")
            let missing = Set(expected).subtracting(ids)
            #expect(missing.isEmpty, "\(missing.count) entries missing, e.g. \(missing.prefix(3))")
            // In order: the receiver saw the log oldest first (ties within a second in id order).
            let firstDifference = ids.indices.first { $0 >= expected.count || ids[$0] != expected[$0] }
            #expect(firstDifference == nil, "order differs first at position \(firstDifference ?? -1)")
            let connected = try await harness.waitUntil(timeout: .seconds(10)) { try await harness.connection()?.state == .connected }
            #expect(connected)
            let status = try #require(try await harness.connection())
            #expect(status.statusText == "Connected")
            #expect(status.entriesFetched == 200_000)
            #expect(status.entriesPending == 0)
        }
    }
}
