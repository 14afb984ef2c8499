import Foundation
import PalisadeMessages
import PalisadeSlackSimulator
import Testing

@testable import ConnectorCore

/// A window holding more than `SyncSettings.windowLimit` entries is abandoned and fetched again
/// in shorter windows: memory stays bounded, and nothing is lost or repeated.
@Suite("Connector against the Slack simulator: window limit")
struct WindowLimitTests {
    static let scenario = ConnectorHarness.scenario(entries: 3_000, seed: 31)

    /// Small windows and limit so a burst of thousands of entries overflows a day-long window.
    private static var settings: SyncSettings {
        var settings = ConnectorHarness.fastSettings
        settings.pageSize = 500
        settings.windowTarget = 1_000
        settings.windowLimit = 3_000
        settings.initialWindow = 86_400
        return settings
    }

    /// `count` entries spread over `span` seconds from `start`.
    private static func burst(_ count: Int, at start: Int64, span: Int = 300, seed: UInt64) -> [SimEntry] {
        var source = LiveEntrySource(organization: scenario.organization, seed: seed)
        return (0..<count).map { source.next(at: start + Int64($0 % span)) }
    }

    private static func abandonedWindows(_ harness: ConnectorHarness) -> Int {
        let text = String(decoding: harness.service.environment.metrics.render(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("palisade_connector_windows_abandoned_total{") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    private static func expectExactlyOnce(_ harness: ConnectorHarness, _ expected: [SimEntry]) {
        let counts = harness.receiver.counts
        let missing = expected.filter { counts[$0.id] == nil }.count
        let repeated = counts.values.filter { $0 > 1 }.count
        #expect(missing == 0, "\(missing) entries missing")
        #expect(repeated == 0, "\(repeated) entries delivered more than once")
    }

    @Test("a burst inside the backfill overflows a day-long window: it is fetched again in short windows, complete and once")
    func burstDuringBackfill() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let burst = Self.burst(12_000, at: now - 2 * 86_400, seed: 9)
        let all = Self.scenario.entries + burst
        try await ConnectorHarness.with(entries: all, settings: Self.settings) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let arrived = try await harness.waitUntil(timeout: .seconds(60)) { harness.receiver.distinctCount >= all.count }
            #expect(arrived, "\(harness.receiver.distinctCount) of \(all.count)")
            Self.expectExactlyOnce(harness, all)
            #expect(Self.abandonedWindows(harness) >= 1)
            let connected = try await harness.waitUntil(timeout: .seconds(10)) { try await harness.connection()?.state == .connected }
            #expect(connected)
        }
    }

    @Test("a poll after downtime that overflows its window catches up in short windows, complete and once")
    func burstAfterDowntime() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries, settings: Self.settings) { harness in
            let info = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let backfilled = try await harness.waitUntil(timeout: .seconds(60)) {
                try await harness.connection()?.state == .connected && harness.receiver.distinctCount >= Self.scenario.entries.count
            }
            #expect(backfilled)
            // Downtime: the worker stops; meanwhile the org is busy (after the last poll, so the
            // entries are newer than the watermark, not late ones inside the re-read overlap).
            await harness.service.stopWorkers()
            let stopped = Int64(Date().timeIntervalSince1970)
            try await Task.sleep(for: .seconds(4))
            let burst = Self.burst(9_000, at: stopped + 1, span: 3, seed: 10)
            harness.simulator.append(burst)
            _ = try await harness.service.sync(info.id)  // starts a worker again
            let all = Self.scenario.entries + burst
            let arrived = try await harness.waitUntil(timeout: .seconds(60)) { harness.receiver.distinctCount >= all.count }
            #expect(arrived, "\(harness.receiver.distinctCount) of \(all.count)")
            Self.expectExactlyOnce(harness, all)
            #expect(Self.abandonedWindows(harness) >= 1)
        }
    }
}
