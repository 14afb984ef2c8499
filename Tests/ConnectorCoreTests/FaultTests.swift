import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeSlackSimulator
import Testing

/// Every fault switch of the simulator is survived: the receiver ends with every entry exactly
/// once, oldest first.
@Suite("Connector against the Slack simulator: faults")
struct FaultTests {
    static let scenario = ConnectorHarness.scenario(entries: 6_000, seed: 11)

    static let faults: [[SimulatorFault]] = [
        [SimulatorFault(.rateLimited(retryAfter: 1), .every(4))],
        [SimulatorFault(.serverError(status: 503), .every(2)), SimulatorFault(.serverError(status: 500), .every(3))],
        [SimulatorFault(.slow(.milliseconds(200)), .every(2))],
        [SimulatorFault(.truncated, .every(3))],
        [SimulatorFault(.invalidJSON, .every(3))],
        [SimulatorFault(.invalidCursor, .every(4))],
        [SimulatorFault(.brokenTransfer, .every(3))],
        [SimulatorFault(.quirks, .always)],
        [
            SimulatorFault(.serverError(status: 502), .probability(0.15)), SimulatorFault(.truncated, .probability(0.1)),
            SimulatorFault(.invalidCursor, .probability(0.1)), SimulatorFault(.brokenTransfer, .probability(0.1)),
            SimulatorFault(.quirks, .probability(0.5)),
        ],
    ]

    private static var settings: SyncSettings {
        var s = ConnectorHarness.fastSettings
        s.pageSize = 400
        s.initialWindow = 6 * 3600
        return s
    }

    /// Connects the scenario's organisation and waits (up to 90 s) until every entry arrived
    /// and the connection is Connected; returns the ids expected, oldest first.
    private static func backfill(_ harness: ConnectorHarness) async throws -> [String] {
        _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
        let expected = Self.scenario.entries.map(\.id)
        let done = try await harness.waitUntil(timeout: .seconds(90)) {
            guard harness.receiver.distinctCount >= expected.count else { return false }
            return try await harness.connection()?.state == .connected
        }
        #expect(done, "received \(harness.receiver.distinctCount) of \(expected.count)")
        return expected
    }

    @Test("a fault switch is survived with no gap and no duplicate", arguments: faults)
    func survives(_ faults: [SimulatorFault]) async throws {
        var simulator = SlackSimulatorConfiguration(rateLimitPerMinute: 0, faults: faults)
        simulator.seed = 5
        try await ConnectorHarness.with(entries: Self.scenario.entries, simulator: simulator, settings: Self.settings) { harness in
            let expected = try await Self.backfill(harness)
            try await Task.sleep(for: .milliseconds(500))  // a poll or two more: nothing may repeat
            let ids = harness.receiver.ids
            #expect(ids.count == expected.count, "delivered \(ids.count) for \(expected.count) entries")
            #expect(ids == expected, "order or content differs")
            #expect(harness.simulator.stats.faultsInjected > 0)
        }
    }

    @Test("ingestion failing every other call: batches are redelivered, nothing lost or doubled")
    func ingestionFailures() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries, settings: Self.settings, receiverFailEvery: 2) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let expected = Self.scenario.entries.map(\.id)
            let done = try await harness.waitUntil(timeout: .seconds(90)) { harness.receiver.distinctCount >= expected.count }
            #expect(done)
            #expect(harness.receiver.ids == expected)
            let pending = try await harness.waitUntil(timeout: .seconds(10)) { try await harness.connection()?.entriesPending == 0 }
            #expect(pending)
        }
    }

    @Test("late entries inside the overlap window are picked up by the next poll, once")
    func lateArrivals() async throws {
        try await ConnectorHarness.with(entries: Self.scenario.entries, settings: Self.settings) { harness in
            _ = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let backfilled = try await harness.waitUntil(timeout: .seconds(60)) {
                guard harness.receiver.distinctCount >= Self.scenario.entries.count else { return false }
                return try await harness.connection()?.state == .connected
            }
            #expect(backfilled)
            // Entries Slack publishes late: dated up to five minutes ago, after polls covered that time.
            var source = LiveEntrySource(organization: Self.scenario.organization, seed: 99)
            let now = Int64(Date().timeIntervalSince1970)
            let late = (0..<50).map { source.next(at: now - 300 + Int64($0)) }
            harness.simulator.append(late)
            let arrived = try await harness.waitUntil(timeout: .seconds(20)) {
                harness.receiver.distinctCount >= Self.scenario.entries.count + late.count
            }
            #expect(arrived)
            try await Task.sleep(for: .seconds(1))
            let counts = harness.receiver.counts
            let lateEachOnce = late.allSatisfy { counts[$0.id] == 1 }
            #expect(lateEachOnce)
            let everyEntryOnce = counts.values.allSatisfy { $0 == 1 }
            #expect(everyEntryOnce)
        }
    }

    @Test("a hostile Retry-After (100000000 s) is held to 15 minutes, and Sync ends that wait")
    func hostileRetryAfter() async throws {
        let simulator = SlackSimulatorConfiguration(
            rateLimitPerMinute: 0, faults: [SimulatorFault(.rateLimited(retryAfter: 100_000_000), .always)])
        try await ConnectorHarness.with(entries: Self.scenario.entries, simulator: simulator, settings: Self.settings) { harness in
            let info = try await harness.service.addConnection(token: ConnectorHarness.token, backfillDays: 7, credential: "token")
            let limited = try await harness.waitUntil(timeout: .seconds(30)) { try await harness.connection()?.state == .rateLimited }
            #expect(limited)
            let until = try await harness.connection()?.rateLimitedUntil ?? .distantFuture
            #expect(until.timeIntervalSinceNow <= 901, "rate limited until \(until)")

            harness.simulator.setFaults([])
            _ = try await harness.service.sync(info.id)
            let expected = Self.scenario.entries.count
            let done = try await harness.waitUntil(timeout: .seconds(60)) { harness.receiver.distinctCount >= expected }
            #expect(done, "received \(harness.receiver.distinctCount) of \(expected) after Sync")
        }
    }

    @Test("a page over the response limit is asked for again in smaller pages: the backfill completes, complete and once")
    func oversizedPages() async throws {
        let limit = 64 * 1024
        try await ConnectorHarness.with(entries: Self.scenario.entries, settings: Self.settings, slackMaxResponseBytes: limit) { harness in
            let expected = try await Self.backfill(harness)
            #expect(harness.receiver.ids == expected, "order or content differs")
            // The limit was met (else this test proves nothing): the client refused pages.
            let metrics = String(decoding: harness.runtime.renderMetrics(), as: UTF8.self)
            #expect(metrics.contains(#"code="too_large""#), "\(metrics)")
        }
    }
}
