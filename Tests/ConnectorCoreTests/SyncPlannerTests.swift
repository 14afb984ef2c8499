import PalisadeMessages
import Testing

@testable import ConnectorCore

/// Window planning: where each fetch starts and ends, and how window lengths follow density.
@Suite struct SyncPlannerTests {
    private static func record(watermark: Int64, start: Int64 = 1_000, end: Int64 = 100_000) -> ConnectionRecord {
        ConnectionRecord(
            id: "conn_p", orgID: "E0P", orgName: "P", credential: "token", state: .backfilling, lastError: "",
            rateLimitedUntil: nil, lastSuccess: nil, backfillStart: start, backfillEnd: end, watermark: watermark,
            entriesFetched: 0, pages: 0, createdAt: end)
    }

    private let planner = SyncPlanner(overlap: 600)

    @Test func backfillWindowsStartAfterTheWatermarkAndStopAtTheBackfillEnd() {
        #expect(
            planner.next(Self.record(watermark: 999), now: 200_000, window: 3_600) == .fetch(oldest: 1_000, latest: 4_599, backfill: true))
        #expect(
            planner.next(Self.record(watermark: 99_000), now: 200_000, window: 3_600)
                == .fetch(oldest: 99_001, latest: 100_000, backfill: true))
        #expect(
            planner.next(Self.record(watermark: 5_000), now: 200_000, window: 0) == .fetch(oldest: 5_001, latest: 5_001, backfill: true))
    }

    @Test func pollsReReadTheOverlapUpToNow() {
        let caughtUp = Self.record(watermark: 100_000)
        #expect(planner.next(caughtUp, now: 100_030, window: 86_400) == .fetch(oldest: 99_401, latest: 100_030, backfill: false))
        #expect(planner.next(caughtUp, now: 100_000, window: 86_400) == .idle)
        // Never before the history's start.
        let young = Self.record(watermark: 1_200, start: 1_000, end: 1_200)
        #expect(planner.next(young, now: 1_230, window: 86_400) == .fetch(oldest: 1_000, latest: 1_230, backfill: false))
    }

    @Test func aPollFarBehindCoversOneWindowAtATime() {
        // Three days of downtime: the poll reads one window past the watermark, not all of it.
        let behind = Self.record(watermark: 100_000)
        #expect(planner.next(behind, now: 359_200, window: 3_600) == .fetch(oldest: 99_401, latest: 103_600, backfill: false))
    }

    @Test func windowsFollowTheDensitySeen() {
        // 100,000 entries in an hour with a 50,000 target: half an hour next.
        #expect(SyncPlanner.adapt(window: 3_600, fetched: 100_000, target: 50_000, maxWindow: 86_400) == 1_800)
        // Quiet: at most twice as long, whatever the density says.
        #expect(SyncPlanner.adapt(window: 3_600, fetched: 10, target: 50_000, maxWindow: 86_400) == 7_200)
        #expect(SyncPlanner.adapt(window: 3_600, fetched: 0, target: 50_000, maxWindow: 86_400) == 7_200)
        #expect(SyncPlanner.adapt(window: 86_400, fetched: 0, target: 50_000, maxWindow: 86_400) == 86_400)
        // Very dense: down to one second, never zero.
        #expect(SyncPlanner.adapt(window: 1, fetched: 1_000_000, target: 50_000, maxWindow: 86_400) == 1)
    }

    @Test func anAbandonedWindowIsRetriedShorterAndFittingTheTarget() {
        // 200,001 entries in the newest 600 s of a day-long window: ~150 s holds 50,000.
        #expect(SyncPlanner.shrink(window: 86_400, fetched: 200_001, covered: 600, target: 50_000) == 149)
        // Never more than half the abandoned window, so every retry makes progress.
        #expect(SyncPlanner.shrink(window: 100, fetched: 200_001, covered: 100_000, target: 50_000) == 50)
        #expect(SyncPlanner.shrink(window: 1, fetched: 200_001, covered: 1, target: 50_000) == 1)
    }
}
