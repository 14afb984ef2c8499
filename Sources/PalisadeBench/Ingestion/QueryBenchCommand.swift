import ArgumentParser
import Foundation
import GRDB
import Histogram
import IngestionCore
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade-bench query`: `Query` latencies on a 10-million-activity log.
///
/// The log is built once and cached (`BenchStore`). Ingestion is served over mutual TLS
/// (`IngestionBenchServer`); a reader (`spiffe://palisade/detection`) runs the three shapes of
/// `QueryShapes`, each streamed to its last row and decoded as any client decodes. The baseline,
/// alternating with it query by query, reads the same pages with the store's own statements on a
/// plain read-only SQLite connection in this process (`ActivityStore.readAll`): no service, no
/// RPC, no encoding, so `ratio` (service p50 / baseline p50) is what the service and the wire add.
/// Every query runs once untimed first, so both read from a warm page cache.
struct QueryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Benchmark Query on a large cached log against the store's SQL on a plain connection (release builds only)."
    )

    @OptionGroup var store: BenchStoreOptions

    @Option(name: .long, help: "Timed rounds; each runs one query of every shape on both sides.")
    var rounds: Int = 200

    @Option(name: .long, help: "Distinct queries per shape (people, addresses, names), taken in turn.")
    var queries: Int = 50

    @Flag(name: .long, help: "Count the streamed messages without decoding them (the service and the wire alone).")
    var raw = false

    func validate() throws {
        guard rounds > 0, queries > 0 else { throw ValidationError("--rounds and --queries must be positive") }
    }

    /// `IngestionSettings.pageSize`: the pages `Query` reads, which the baseline reads too.
    static let pageSize = 500

    func run() async throws {
        let logger = store.logger(label: "palisade-bench.query")
        let benchStore = try await store.prepared(logger: logger)
        let shapes = try QueryShapes(path: benchStore.path, organization: benchStore.organization(), count: queries)
        let directory = try store.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try IngestionBenchServer(database: benchStore.path, geoip: benchStore.geoip, directory: directory, logger: logger)
        let baseline = try DatabaseQueue(path: benchStore.path, configuration: QueryShapes.readOnly)
        var line: [String] = []
        let raw = self.raw
        do {
            let client = try server.client(identity: "detection")
            defer { client.close() }
            for (name, queries) in [("a", shapes.a), ("b", shapes.b), ("c", shapes.c)] {
                var figures = QueryFigures()
                for query in queries {
                    _ = try await Self.service(query, client: client, raw: raw)
                    _ = try await Self.baseline(query, queue: baseline)
                }
                for round in 0..<rounds {
                    let query = queries[round % queries.count]
                    // Alternating which goes first, so neither always finds the other's pages warm.
                    if round % 2 == 0 {
                        try await figures.service.time { try await Self.service(query, client: client, raw: raw) }
                        try await figures.baseline.time { try await Self.baseline(query, queue: baseline) }
                    } else {
                        try await figures.baseline.time { try await Self.baseline(query, queue: baseline) }
                        try await figures.service.time { try await Self.service(query, client: client, raw: raw) }
                    }
                }
                guard figures.service.rows == figures.baseline.rows else {
                    throw ConnectorBenchError(
                        "shape \(name): the service streamed \(figures.service.rows) rows, the baseline read \(figures.baseline.rows)")
                }
                print("shape \(name): " + figures.line(prefix: ""))
                line.append(figures.line(prefix: name + "_"))
            }
        } catch {
            try? baseline.close()
            await server.shutdown()
            throw error
        }
        try? baseline.close()
        await server.shutdown()
        line.append("activities=\(benchStore.activities) database_gib=\(String(format: "%.2f", benchStore.gibibytes)) decoded=\(!raw)")
        print(line.joined(separator: " "))
    }

    /// Streams `query` through `Query`, decoding every activity (or only counting the messages
    /// when `raw`); returns the rows.
    static func service(_ query: ActivityQuery, client: RPCClient, raw: Bool) async throws -> Int {
        guard raw else {
            return try await client.serverStreaming(IngestionAPI.query, query) { activities in
                try await activities.reduce(0) { count, _ in count + 1 }
            }
        }
        return try await client.serverStreamingRaw(IngestionAPI.query.name, try WireEncoder().encode(query)) { messages in
            try await messages.reduce(0) { count, _ in count + 1 }
        }
    }

    /// Reads `query`'s pages with the store's statements on the plain connection; returns the rows.
    static func baseline(_ query: ActivityQuery, queue: DatabaseQueue) async throws -> Int {
        try await queue.read { db in try ActivityStore.readAll(query, pageSize: pageSize, in: db) }
    }
}

/// One shape's latencies on both sides.
struct QueryFigures {
    var service = TimedQueries()
    var baseline = TimedQueries()

    var ratio: Double { baseline.p50 > 0 ? service.p50 / baseline.p50 : 0 }

    func line(prefix p: String) -> String {
        String(
            format:
                "%1$@p50_ms=%2$.2f %1$@p99_ms=%3$.2f %1$@baseline_p50_ms=%4$.2f %1$@baseline_p99_ms=%5$.2f %1$@ratio=%6$.2f %1$@rows=%7$.0f",
            p, service.p50, service.p99, baseline.p50, baseline.p99, ratio, service.averageRows)
    }
}

/// Latencies (HdrHistogram, microseconds) and rows of repeated queries.
struct TimedQueries {
    var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    var rows = 0
    var count = 0

    var p50: Double { Double(histogram.valueAtPercentile(50)) / 1000 }
    var p99: Double { Double(histogram.valueAtPercentile(99)) / 1000 }
    var averageRows: Double { count > 0 ? Double(rows) / Double(count) : 0 }

    /// Runs `body` (which returns the rows it got) and records how long it took.
    mutating func time(_ body: () async throws -> Int) async throws {
        let start = ContinuousClock.now
        rows += try await body()
        _ = histogram.record(UInt64((ContinuousClock.now - start).nanoseconds / 1000))
        count += 1
    }
}
