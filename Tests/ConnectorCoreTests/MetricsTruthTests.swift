import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import Testing

/// The gauges that describe stored state read true at every scrape: while ingestion refuses
/// everything, after a restart, while Slack is unreachable, and with entries dead-lettered.
@Suite("Connector metrics read true")
struct MetricsTruthTests {
    static let scenario = ConnectorHarness.scenario(entries: 2_000, seed: 21)

    static func scrape(_ harness: ConnectorHarness) -> String {
        String(decoding: harness.runtime.renderMetrics(), as: UTF8.self)
    }

    @Test("outbox_entries counts what ingestion has not acknowledged; lag grows while Slack is unreachable")
    func gaugesFollowTheStore() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries, receiverFailEvery: 1) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let stored = try await harness.waitUntil(timeout: .seconds(60)) { try await harness.connection()?.state == .connected }
            #expect(stored)
            let pending = PrometheusText.value(of: "palisade_connector_outbox_entries", in: Self.scrape(harness))
            #expect(pending == Double(Self.scenario.entries.count), "\(Self.scrape(harness))")

            await harness.slack.stopServer()
            let before = PrometheusText.value(of: "palisade_connector_lag_seconds", in: Self.scrape(harness)) ?? -1
            try await Task.sleep(for: .milliseconds(2_200))
            let after = PrometheusText.value(of: "palisade_connector_lag_seconds", in: Self.scrape(harness)) ?? -1
            #expect(before >= 0 && after >= before + 2, "lag \(before) then \(after)")
        }
    }

    @Test("at the outbox limit fetching pauses (Waiting, the outbox stays near the limit) and resumes as ingestion takes it")
    func outboxLimitPausesFetching() async throws {
        let scenario = ConnectorHarness.scenario(entries: 6_000, seed: 23)
        var settings = ConnectorHarness.fastSettings
        settings.pageSize = 400
        settings.initialWindow = 6 * 3600
        settings.windowTarget = 300
        settings.maxOutboxBytes = 64 * 1024
        try await ConnectorHarness.with(entries: scenario.entries, settings: settings, receiverFailEvery: 1) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let waiting = try await harness.waitUntil(timeout: .seconds(30)) { try await harness.connection()?.state == .waiting }
            #expect(waiting)
            try await Task.sleep(for: .seconds(1))
            let held = try await harness.connection()
            #expect(held?.state == .waiting, "\(held?.statusText ?? "")")
            #expect(held?.statusText.contains("sync.maxOutboxMiB") == true, "\(held?.statusText ?? "")")
            let pending = Int(held?.entriesPending ?? 0)
            #expect(pending > 0 && pending < scenario.entries.count / 2, "\(pending) entries pending while paused")

            harness.receiver.setFailEvery(0)
            let expected = scenario.entries.map(\.id)
            let done = try await harness.waitUntil(timeout: .seconds(90)) {
                guard harness.receiver.distinctCount >= expected.count else { return false }
                return try await harness.connection()?.state == .connected
            }
            #expect(done, "received \(harness.receiver.distinctCount) of \(expected.count)")
            #expect(harness.receiver.ids == expected, "order or content differs")
        }
    }

    @Test("ListConnections says when delivery to ingestion fails, since when and why, and when it recovers")
    func deliveryStatus() async throws {
        try await ConnectorHarness.with(entries: Array(Self.scenario.entries.prefix(300)), receiverFailEvery: 1) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let failing = try await harness.waitUntil(timeout: .seconds(30)) { try await harness.service.list().delivery?.failing == true }
            #expect(failing)
            let status = try await harness.service.list().delivery
            #expect(status?.failingSince != nil && status?.lastError.contains("failing call") == true, "\(String(describing: status))")
            #expect(PrometheusText.value(of: "palisade_connector_delivery_failing", in: Self.scrape(harness)) == 1)

            harness.receiver.setFailEvery(0)
            let recovered = try await harness.waitUntil(timeout: .seconds(30)) {
                try await harness.service.list().delivery?.failing == false
            }
            #expect(recovered)
            let after = try await harness.service.list().delivery
            #expect(after?.failingSince == nil && after?.lastError == "" && after?.lastDelivered != nil, "\(String(describing: after))")
            #expect(PrometheusText.value(of: "palisade_connector_delivery_failing", in: Self.scrape(harness)) == 0)
        }
    }

    @Test("an entry ingestion refuses for good: ListConnections counts it for its connection, the gauge reads it at scrape")
    func deadLetters() async throws {
        let entries = Array(Self.scenario.entries.prefix(300))
        let refused = entries[150].id
        try await ConnectorHarness.with(entries: entries) { harness in
            harness.receiver.refuse([refused])
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let settled = try await harness.waitUntil(timeout: .seconds(60)) {
                try await harness.connection()?.entriesDeadLettered == 1 && harness.receiver.distinctCount >= entries.count - 1
            }
            #expect(settled)
            let expected = entries.map(\.id).filter { $0 != refused }
            #expect(harness.receiver.ids == expected)
            let info = try await harness.connection()
            #expect(info?.entriesDeadLettered == 1)
            #expect(info?.entriesPending == 0)
            #expect(PrometheusText.value(of: "palisade_connector_dead_letters", in: Self.scrape(harness)) == 1)
            #expect(PrometheusText.value(of: "palisade_connector_dead_lettered_total", in: Self.scrape(harness)) == 1)
            let kept = try await harness.store.deadLetters().map(\.entryID)
            #expect(kept == [refused])
        }
    }

    @Test("the difference between this machine's clock and Slack's Date header is a metric and in ListConnections")
    func clockSkew() async throws {
        try await ConnectorHarness.with(entries: Array(Self.scenario.entries.prefix(200))) { harness in
            // Slack's clock two minutes ahead of ours.
            harness.simulator.configuration.clock.advance(seconds: 120)
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let measured = try await harness.waitUntil(timeout: .seconds(30)) {
                PrometheusText.value(of: "palisade_connector_clock_skew_seconds", in: Self.scrape(harness)) != nil
            }
            #expect(measured)
            let skew = PrometheusText.value(of: "palisade_connector_clock_skew_seconds", in: Self.scrape(harness)) ?? 0
            #expect((-122 ... -118).contains(skew), "skew \(skew)")
            let listed = try await harness.service.list().connections.first?.clockSkewSeconds ?? 0
            #expect((-122 ... -118).contains(listed), "listed skew \(listed)")
        }
    }
}
