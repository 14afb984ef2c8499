import Foundation
import PalisadeRPC
import Testing

@testable import PalisadeSlackSimulator

/// The entry index under live appends (late arrivals, big out-of-order batches, concurrent
/// readers) and the counters.
@Suite("Simulator: entry store and stats")
struct SimulatorStoreTests {
    @Test("a big out-of-order batch is merged into order")
    func bigUnorderedBatch() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 3_000, perSecond: 3))
        let late = (0..<2_000).map { SimFixture.entry("late-\($0)", at: SimFixture.base + Int64(($0 * 7919) % 1_000)) }
        simulator.append(late.shuffled())
        let (ids, _) = try await SimFixture.all(simulator, query: "limit=777")
        #expect(ids.count == 5_000 && Set(ids).count == 5_000)
        let page = try await SimFixture.logs(simulator, "limit=9999")
        #expect(page.dates == page.dates.sorted(by: >))
    }

    @Test("appends while pages are read: every read sees a consistent, ordered page")
    func concurrentAppendAndRead() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 1_000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for batch in 0..<50 {
                    simulator.append(
                        (0..<20).map {
                            SimFixture.entry("w\(batch)-\($0)", at: SimFixture.base + Int64.random(in: 0...1_200))
                        })
                    await Task.yield()
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<30 {
                        let page = try await SimFixture.logs(simulator, "limit=500")
                        #expect(page.dates == page.dates.sorted(by: >))
                        #expect(page.ids.count >= 500)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(simulator.entryCount == 2_000)
    }

    @Test("stats count requests, pages, entries, 429s and faults")
    func stats() async throws {
        let simulator = SimFixture.simulator(SimFixture.entries(count: 50)) {
            $0.faults = [SimulatorFault(.serverError(status: 503), .nth(6))]
        }
        _ = try await SimFixture.all(simulator, query: "limit=10")
        #expect(await SimFixture.get(simulator, "/audit/v1/logs").status == 503)
        _ = await SimFixture.get(simulator, "/audit/v1/actions", token: nil)
        let stats = simulator.stats
        #expect(stats.requests == 7 && stats.logsRequests == 6)
        #expect(stats.pagesServed == 5 && stats.entriesServed == 50)
        #expect(stats.faultsInjected == 1 && stats.rateLimited == 0)
    }
}
