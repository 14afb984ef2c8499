import ArgumentParser
import Foundation
import GRDB
import IngestionCore
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade-bench subscribe`: one subscriber catching up on a backlog.
///
/// On the cached log (`BenchStore`, shared with `query`), a subscriber
/// (`spiffe://palisade/detection`, mutual TLS, its own connection) asks `Subscribe` for
/// everything after the newest `--backlog` activities' predecessor and reads as fast as it can:
/// timed from the call to the backlog's last activity. Twice per run: decoding every activity
/// into an `Activity` (what a subscriber does: `activities_per_s`), and counting the messages
/// without decoding them (what the service and the wire alone sustain: `raw_per_s`). The
/// baseline reads the same rows with the store's page `SELECT` (without its `LIMIT`) on a plain
/// read-only SQLite connection in this process, each row's columns copied out as the store does.
struct SubscribeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Benchmark Subscribe reading a backlog against reading the same rows from SQLite (release builds only)."
    )

    @OptionGroup var store: BenchStoreOptions

    @Option(name: .long, help: "Activities of backlog to read (the newest ones of the log).")
    var backlog: Int = 1_000_000

    @Option(name: .long, help: "Runs (baseline, decoded, raw each); figures are medians.")
    var runs: Int = 3

    func validate() throws {
        guard backlog > 0, runs > 0 else { throw ValidationError("--backlog and --runs must be positive") }
    }

    func run() async throws {
        let logger = store.logger(label: "palisade-bench.subscribe")
        let benchStore = try await store.prepared(logger: logger)
        let directory = try store.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try IngestionBenchServer(database: benchStore.path, geoip: benchStore.geoip, directory: directory, logger: logger)
        let baseline = try DatabaseQueue(path: benchStore.path, configuration: QueryShapes.readOnly)
        var decoded: [Double] = [], raw: [Double] = [], plain: [Double] = []
        do {
            let last = try await baseline.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM activities") ?? 0 }
            guard last >= Int64(backlog) else {
                throw ConnectorBenchError("the log holds \(last) activities, fewer than --backlog \(backlog)")
            }
            let after = UInt64(last) - UInt64(backlog)
            for index in 1...runs {
                let client = try server.client(identity: "detection")
                defer { client.close() }
                plain.append(Double(backlog) / (try await Self.baseline(after: Int64(after), count: backlog, queue: baseline)))
                decoded.append(Double(backlog) / (try await Self.decoded(after: after, count: backlog, client: client)))
                raw.append(Double(backlog) / (try await Self.raw(after: after, count: backlog, client: client)))
                print(
                    String(
                        format: "run %d: activities_per_s=%.0f raw_per_s=%.0f baseline_per_s=%.0f", index, decoded[index - 1],
                        raw[index - 1], plain[index - 1]))
            }
        } catch {
            try? baseline.close()
            await server.shutdown()
            throw error
        }
        try? baseline.close()
        await server.shutdown()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        // Ratios are each run's own (against the baseline read beside it), then their median.
        let ratio = median(zip(decoded, plain).map { $0 / $1 }), rawRatio = median(zip(raw, plain).map { $0 / $1 })
        print(
            String(
                format: "activities_per_s=%.0f baseline_per_s=%.0f ratio=%.2f raw_per_s=%.0f raw_ratio=%.2f backlog=%d activities=%d",
                median(decoded), median(plain), ratio, median(raw), rawRatio, backlog, benchStore.activities))
    }

    /// Seconds until `count` activities after `after` arrived, each decoded.
    static func decoded(after: UInt64, count: Int, client: RPCClient) async throws -> Double {
        let start = ContinuousClock.now
        let received = try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: after)) { activities in
            var received = 0
            var expected = after + 1
            for try await activity in activities {
                guard activity.sequence == expected else {
                    throw ConnectorBenchError("got sequence \(activity.sequence), expected \(expected)")
                }
                received += 1
                expected += 1
                if received == count { break }
            }
            return received
        }
        guard received == count else { throw ConnectorBenchError("the subscription ended after \(received) of \(count)") }
        return (ContinuousClock.now - start).seconds
    }

    /// Seconds until `count` messages after `after` arrived, counted, not decoded.
    static func raw(after: UInt64, count: Int, client: RPCClient) async throws -> Double {
        let request = try WireEncoder().encode(SubscribeRequest(afterSequence: after))
        let start = ContinuousClock.now
        let received = try await client.serverStreamingRaw(IngestionAPI.subscribe.name, request) { messages in
            var received = 0
            for try await _ in messages {
                received += 1
                if received == count { break }
            }
            return received
        }
        guard received == count else { throw ConnectorBenchError("the subscription ended after \(received) of \(count)") }
        return (ContinuousClock.now - start).seconds
    }

    /// Seconds to read the same rows with the store's page `SELECT` (no `LIMIT`), copying each
    /// row's body and raw out as `ActivityStore.storedActivities` does.
    static func baseline(after: Int64, count: Int, queue: DatabaseQueue) async throws -> Double {
        let start = ContinuousClock.now
        let read = try await queue.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.sequence, a.ingested, a.body, a.raw, a.time FROM activities a
                    WHERE a.sequence > ? ORDER BY a.sequence
                    """,
                arguments: [after])
            var read = 0
            var bytes = 0
            while let row = try rows.next() {
                let sequence: Int64 = row[0], ingested: Int64 = row[1], time: Int64 = row[4]
                let body = [UInt8](row[2] as Data), raw = [UInt8](row[3] as Data)
                bytes &+= body.count &+ raw.count &+ Int(sequence &+ ingested &+ time) & 1
                read += 1
            }
            return bytes > 0 ? read : 0
        }
        guard read == count else { throw ConnectorBenchError("the baseline read \(read) of \(count)") }
        return (ContinuousClock.now - start).seconds
    }
}
