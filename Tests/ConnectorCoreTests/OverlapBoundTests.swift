import Foundation
import PalisadeMessages
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import Testing

@testable import ConnectorCore

/// After a burst, every poll of the next overlap window re-reads it. The re-read is bounded:
/// entries already stored are dropped as their page arrives (never held), and at
/// `overlapRereadLimit` of them the re-read stops, so each poll costs a few pages, not the
/// burst again; late entries are still picked up, and nothing is lost or delivered twice.
@Suite("Connector against the Slack simulator: overlap re-read bound")
struct OverlapBoundTests {
    static let scenario = ConnectorHarness.scenario(entries: 300, seed: 41)

    private static var settings: SyncSettings {
        var settings = ConnectorHarness.fastSettings
        settings.pageSize = 500
        settings.overlapRereadLimit = 1_000
        return settings
    }

    /// One poll as the worker makes it (fetch the planned window, store it), counting the
    /// `/logs` calls it made. It waits for the clock to pass the watermark, as polls are apart.
    private static func poll(_ worker: ConnectionWorker, _ harness: ConnectorHarness) async throws -> (
        window: ConnectionWorker.FetchedWindow, calls: Int
    ) {
        let record = try #require(try await harness.store.connection(worker.id))
        while worker.env.now() <= record.watermark { try await Task.sleep(for: .milliseconds(100)) }
        let planner = SyncPlanner(overlap: worker.env.settings.overlap)
        guard case .fetch(let oldest, let latest, false) = planner.next(record, now: worker.env.now(), window: 3_600) else {
            Issue.record("no poll planned at watermark \(record.watermark)")
            return (ConnectionWorker.FetchedWindow(entries: [], pages: 0, newer: 0, reread: 0), 0)
        }
        let before = harness.simulator.stats.logsRequests
        let window = try await worker.fetchWindow(
            record, oldest: oldest, latest: latest, backfill: false,
            limit: worker.limitFor(oldest: record.watermark + 1, latest: latest), logger: worker.env.logger)
        try await worker.store(window, of: record, oldest: oldest, latest: latest, state: .connected, logger: worker.env.logger)
        return (window, harness.simulator.stats.logsRequests - before)
    }

    @Test("polls after a burst inside the overlap make few Slack calls and hold only new entries; late ones still arrive, all once")
    func burstInsideOverlap() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries, settings: Self.settings) { harness in
            let info = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let caughtUp = try await harness.waitUntil(timeout: .seconds(60)) {
                try await harness.connection()?.state == .connected && harness.receiver.distinctCount >= Self.scenario.entries.count
            }
            #expect(caughtUp)
            // From here the test polls by hand, one poll at a time.
            await harness.service.stopWorkers()
            let worker = ConnectionWorker(id: info.id, environment: harness.service.environment)
            let watermark = try #require(try await harness.store.connection(info.id)).watermark

            // 5,000 entries in the five seconds after the watermark (a page holds whole seconds,
            // so at least five pages).
            var source = LiveEntrySource(organization: Self.scenario.organization, seed: 42)
            let burst = (0..<5_000).map { source.next(at: watermark + 1 + Int64($0 % 5)) }
            harness.simulator.append(burst)
            try await Task.sleep(for: .seconds(max(0, Double(watermark + 6) - Date().timeIntervalSince1970)))
            let first = try await Self.poll(worker, harness)
            #expect(first.window.entries.count == burst.count)
            #expect(first.calls >= 5)

            // Each later poll re-reads the burst, now inside its overlap: a bounded part of it.
            let pageSize = Self.settings.pageSize, limit = Self.settings.overlapRereadLimit
            let bound = (limit + pageSize - 1) / pageSize + 1
            var late: [SimEntry] = []
            for round in 0..<3 {
                if round == 1 {
                    // Published late, dated in the overlap's newest second.
                    let newest = try #require(try await harness.store.connection(info.id)).watermark
                    late = (0..<3).map { _ in source.next(at: newest) }
                    harness.simulator.append(late)
                }
                let polled = try await Self.poll(worker, harness)
                #expect(polled.calls <= bound, "poll \(round): \(polled.calls) Slack calls for a \(burst.count)-entry burst")
                #expect(polled.calls < first.calls, "poll \(round): \(polled.calls) calls, reading the burst took \(first.calls)")
                // Cut after the page that reached the limit (a page holds whole seconds, so it
                // may hold more than pageSize): never the whole burst again.
                #expect(polled.window.reread >= limit && polled.window.reread < burst.count, "poll \(round): \(polled.window.reread)")
                // Only the late entries are held: the re-read ones were dropped as they came.
                let held = Set(polled.window.entries.map(\.id))
                #expect(held == Set(round == 1 ? late.map(\.id) : []), "poll \(round) held \(held.count) entries")
            }
            let text = String(decoding: harness.runtime.renderMetrics(), as: UTF8.self)
            #expect(PrometheusText.value(of: "palisade_connector_overlap_truncated_total", in: text) == 3, "\(text)")

            let all = Self.scenario.entries + burst + late
            let arrived = try await harness.waitUntil(timeout: .seconds(30)) { harness.receiver.distinctCount >= all.count }
            #expect(arrived, "\(harness.receiver.distinctCount) of \(all.count)")
            let counts = harness.receiver.counts
            let missing = all.filter { counts[$0.id] == nil }.count
            let repeated = counts.values.filter { $0 > 1 }.count
            #expect(missing == 0 && repeated == 0, "\(missing) missing, \(repeated) repeated")
            #expect(counts.count == all.count)
        }
    }
}
