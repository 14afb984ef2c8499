import Foundation
import PalisadeRPC
import Testing

@testable import PalisadeSlackSimulator

/// The fault switches: their grammar, what each does, and that a clean retry after a fault gets
/// exactly the page the faulted request would have had.
@Suite("Simulator: faults")
struct SimulatorFaultTests {
    private let query = "limit=3"
    private var logs: String { "/audit/v1/logs?" + query }

    private func simulator(_ specs: [String], entries: [SimEntry] = SimFixture.entries(count: 30)) throws -> SlackSimulator {
        let faults = try specs.map { spec throws(FaultSpecError) in try SimulatorFault(parsing: spec) }
        return SimFixture.simulator(entries) { $0.faults = faults }
    }

    @Test(
        "the grammar parses every kind and trigger",
        arguments: [
            ("429@every:50", SimulatorFault(.rateLimited(retryAfter: 1), .every(50))),
            ("429=5s@always", SimulatorFault(.rateLimited(retryAfter: 5), .always)),
            ("503@p:0.05", SimulatorFault(.serverError(status: 503), .probability(0.05))),
            ("500@nth:2", SimulatorFault(.serverError(status: 500), .nth(2))),
            ("slow=2s@every:10", SimulatorFault(.slow(.seconds(2)), .every(10))),
            ("slow=250ms@range:1-3", SimulatorFault(.slow(.milliseconds(250)), .range(1...3))),
            ("truncated@nth:7", SimulatorFault(.truncated, .nth(7))),
            ("invalid-json@nth:1", SimulatorFault(.invalidJSON, .nth(1))),
            ("invalid-cursor@range:3-4", SimulatorFault(.invalidCursor, .range(3...4))),
            ("revoke@nth:100", SimulatorFault(.revokeToken, .nth(100))),
            ("quirks@p:0.5", SimulatorFault(.quirks, .probability(0.5))),
            ("abort@every:3", SimulatorFault(.brokenTransfer, .every(3))),
        ])
    func grammar(spec: String, expected: SimulatorFault) throws {
        let fault = try SimulatorFault(parsing: spec)
        #expect(fault == expected)
        #expect(try SimulatorFault(parsing: fault.description) == fault)
    }

    @Test(
        "parse errors say what is wrong",
        arguments: [
            ("429", "KIND@TRIGGER"), ("boom@nth:1", "unknown kind 'boom'"), ("503@sometimes", "needs a value"),
            ("503@nth:0", "request number"), ("503@range:5-2", "empty"), ("503@p:1.5", "0…1"),
            ("slow@nth:1", "needs a delay"), ("slow=fast@nth:1", "duration"), ("truncated=1@nth:1", "takes no"),
            ("503@every:x", "request number"), ("503@range:1", "range is A-B"), ("@", "KIND@TRIGGER"),
        ])
    func grammarErrors(spec: String, fragment: String) {
        #expect {
            _ = try SimulatorFault(parsing: spec)
        } throws: { error in
            (error as? FaultSpecError)?.message.contains(fragment) == true
        }
    }

    @Test("probabilistic faults are deterministic for a seed and near p")
    func probability() {
        let fault = SimulatorFault(.serverError(status: 503), .probability(0.25))
        let hits = (1...4000).filter { fault.fires(onRequest: $0, seed: 7, index: 0) }
        #expect((800...1200).contains(hits.count))
        let sameSeedHits = (1...4000).filter { fault.fires(onRequest: $0, seed: 7, index: 0) }
        #expect(hits == sameSeedHits)
        let otherSeedHits = (1...4000).filter { fault.fires(onRequest: $0, seed: 8, index: 0) }
        #expect(hits != otherSeedHits)
    }

    @Test("429 storm with Retry-After, then the same page")
    func rateLimitStorm() async throws {
        let simulator = try simulator(["429=3s@range:1-2"])
        let first = await SimFixture.get(simulator, logs)
        #expect(first.status == 429 && SimFixture.errorCode(first) == "rate_limited")
        let retryAfter = first.headers.first { $0.name == "retry-after" }?.value
        #expect(retryAfter == "3")
        #expect(await SimFixture.get(simulator, logs).status == 429)
        #expect(try await SimFixture.logs(simulator, query).ids == ["e000029", "e000028", "e000027"])
        #expect(simulator.stats.faultsInjected == 2 && simulator.stats.rateLimited == 0)
    }

    @Test("500 and 503")
    func serverErrors() async throws {
        let simulator = try simulator(["500@nth:1", "503@nth:2"])
        #expect(await SimFixture.get(simulator, logs).status == 500)
        let unavailable = await SimFixture.get(simulator, logs)
        #expect(unavailable.status == 503 && SimFixture.errorCode(unavailable) == "service_unavailable")
        #expect(await SimFixture.get(simulator, logs).status == 200)
    }

    @Test("slow answers are delayed")
    func slow() async throws {
        let simulator = try simulator(["slow=300ms@nth:1"])
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await SimFixture.get(simulator, logs).status == 200)
        #expect(clock.now - started >= .milliseconds(300))
        let again = clock.now
        #expect(await SimFixture.get(simulator, logs).status == 200)
        #expect(clock.now - again < .milliseconds(300))
    }

    @Test("truncated, invalid JSON and broken transfers spoil a 200 page; the retry gets the same page and cursor")
    func spoiledBodies() async throws {
        let clean = try await SimFixture.logs(try simulator([]), query)
        let simulator = try simulator(["truncated@nth:1", "invalid-json@nth:2", "abort@nth:3"])
        let truncated = await SimFixture.get(simulator, logs)
        #expect(truncated.status == 200)
        #expect((try? JSONSerialization.jsonObject(with: Data(truncated.body))) == nil)
        let invalid = await SimFixture.get(simulator, logs)
        #expect(invalid.status == 200 && invalid.body.contains(0))
        #expect((try? JSONSerialization.jsonObject(with: Data(invalid.body))) == nil)
        let broken = await SimFixture.get(simulator, logs)
        #expect(broken.status == 200 && broken.abortAfterBytes == broken.body.count / 2)
        let retry = try await SimFixture.logs(simulator, query)
        #expect(retry.ids == clean.ids && retry.cursor == clean.cursor)
        #expect(simulator.stats.faultsInjected == 3 && simulator.stats.pagesServed == 1)
    }

    @Test("invalid-cursor hits only requests that carry a cursor; paging recovers with no gap or duplicate")
    func invalidCursorMidPagination() async throws {
        let simulator = try simulator(["invalid-cursor@range:1-3"])
        var ids: [String] = []
        var cursor = ""
        var failures = 0
        for _ in 0..<40 {
            let target = logs + (cursor.isEmpty ? "" : "&cursor=" + FormDecoding.encode(cursor))
            let response = await SimFixture.get(simulator, target)
            if response.status == 400 {
                #expect(SimFixture.errorCode(response) == "invalid_cursor")
                failures += 1
                continue
            }
            let page = try SimFixture.page(response)
            ids += page.ids
            cursor = page.cursor
            if cursor.isEmpty { break }
        }
        #expect(failures == 2, "request 1 had no cursor; 2 and 3 did")
        #expect(ids == SimFixture.entries(count: 30).map(\.id).reversed())
    }

    @Test("revoke: the token dies at request N and stays dead")
    func revoke() async throws {
        let simulator = try simulator(["revoke@nth:2"])
        #expect(await SimFixture.get(simulator, logs).status == 200)
        let revoked = await SimFixture.get(simulator, logs)
        #expect(revoked.status == 401 && SimFixture.errorCode(revoked) == "token_revoked")
        #expect(SimFixture.errorCode(await SimFixture.get(simulator, logs)) == "token_revoked")
    }

    @Test("quirks serve quirkJSON where an entry has one, by fault or by switch")
    func quirks() async throws {
        let entries = [SimFixture.entry("a", at: SimFixture.base, quirk: true), SimFixture.entry("b", at: SimFixture.base + 1)]
        let simulator = try simulator(["quirks@nth:1"], entries: entries)
        let quirky = String(decoding: await SimFixture.get(simulator, logs).body, as: UTF8.self)
        #expect(quirky.contains(#""session_id":123"#) && quirky.contains(#""session_id":"123""#))
        let plain = String(decoding: await SimFixture.get(simulator, logs).body, as: UTF8.self)
        #expect(!plain.contains(#""session_id":123"#))
        simulator.setQuirks(true)
        #expect(String(decoding: await SimFixture.get(simulator, logs).body, as: UTF8.self).contains(#""session_id":123"#))
    }

    @Test("faults can be replaced at run time; numbering carries on")
    func replaceFaults() async throws {
        let simulator = try simulator([])
        #expect(await SimFixture.get(simulator, logs).status == 200)
        simulator.setFaults([SimulatorFault(.serverError(status: 500), .nth(2))])
        #expect(await SimFixture.get(simulator, logs).status == 500)
        #expect(simulator.stats.logsRequests == 2)
    }
}
