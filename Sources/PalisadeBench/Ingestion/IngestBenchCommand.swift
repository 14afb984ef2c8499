import ArgumentParser
import Foundation
import IngestionCore
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeSlackSimulator

/// `palisade-bench ingest`: how fast ingestion takes the connector's batches.
///
/// A seeded scenario is generated once and cut into the connector's batches (not timed). Each
/// run, on fresh database files in a temporary directory:
/// 1. the runtime under test is opened and served over mutual TLS (`IngestionBenchServer`);
/// 2. every batch is prepared once with that runtime (`records(for:)`: normalise, enrich,
///    encode; timed on its own as `prepare_per_s`, one core) for the baseline, which inserts
///    them with plain SQLite (`IngestBaselineRun`);
/// 3. the measured run sends the raw batches through `Ingest` (`IngestServiceRun`);
/// 4. the server stops, the runtime closes (checkpointing the WAL into the file), and the
///    file's size over the activities stored gives `bytes_per_activity`.
/// The last line holds the figures (medians when `--runs` > 1); targets: `entries_per_s` ≥
/// 50,000 and `ratio` ≥ 0.5.
struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Benchmark Ingest over mutual TLS against plain SQLite inserts of the same rows (release builds only)."
    )

    @Option(name: .long, help: "Audit entries in the generated scenario.")
    var entries: Int = 1_000_000

    @Option(name: .long, help: "Scenario seed.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "Days of history the scenario spans.")
    var days: Int = 7

    @Option(name: .long, help: "People in the simulated organisation.")
    var users: Int = 1_000

    @Option(name: .long, help: "Ingest streams in parallel, each on its own connection (like connectors).")
    var streams: Int = 2

    @Option(name: .long, help: "Batches per Ingest stream (the connector sends up to 32).")
    var batchesPerStream: Int = 8

    @Option(name: .long, help: "Runs (baseline + service each); figures are medians.")
    var runs: Int = 1

    @Option(name: .long, help: "GeoIP database (.mmdb), or 'none'; default: the one `make geoip` fetches, if present.")
    var geoip: String?

    @Option(name: .long, help: "Where the runs' database files go (a temporary directory is made inside).")
    var directory: String = FileManager.default.temporaryDirectory.path

    @Option(name: .long, help: "Log level of the service.")
    var logLevel: String = "warning"

    func validate() throws {
        guard entries > 0, runs > 0, days > 0, users > 0, streams > 0, batchesPerStream > 0 else {
            throw ValidationError("--entries, --runs, --days, --users, --streams and --batches-per-stream must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "palisade-bench.ingest")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        let geoipPath = geoip == "none" ? nil : (geoip ?? IngestionBenchServer.defaultGeoIP())

        let generationStart = ContinuousClock.now
        let end = Int64(Date().timeIntervalSince1970) - 60
        let scenario = Scenario.generate(ScenarioConfiguration(seed: seed, users: users, end: end, days: days, entries: entries))
        let batches = IngestBatches.make(scenario.entries, orgID: scenario.organization.id)
        let entryBytes = scenario.entries.reduce(0) { $0 + $1.json.count }
        let generationSeconds = (ContinuousClock.now - generationStart).seconds
        print(
            String(
                format: "generated %d entries (%.0f bytes each on average) in %d batches in %.1f s; geoip %@; %d stream(s) of %d batches",
                entries, Double(entryBytes) / Double(entries), batches.count, generationSeconds, geoipPath ?? "none", streams,
                batchesPerStream))

        var figures: [IngestBenchFigures] = []
        for index in 1...runs {
            let figure = try await measure(batches: batches, geoip: geoipPath, logger: logger)
            print("run \(index): " + figure.line)
            figures.append(figure)
        }
        print(IngestBenchFigures.median(figures).line)
    }

    private func measure(batches: [IngestBatch], geoip: String?, logger: Logger) async throws -> IngestBenchFigures {
        let runDirectory = directory + "/palisade-bench-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        let database = runDirectory + "/ingestion.sqlite"
        let server = try IngestionBenchServer(database: database, geoip: geoip, directory: runDirectory, logger: logger)
        var figure = IngestBenchFigures()
        do {
            let prepareStart = ContinuousClock.now
            var records: [[ActivityRecord]] = []
            for batch in batches { records.append(try server.runtime.records(for: batch)) }
            figure.preparePerSecond = Double(entries) / (ContinuousClock.now - prepareStart).seconds
            let baselinePath = runDirectory + "/baseline.sqlite"
            figure.baselineSeconds = try IngestBaselineRun(path: baselinePath).run(records)
            records = []
            // Its dirty pages are dropped with it instead of being written back during the run.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: baselinePath + suffix) }

            let run = IngestServiceRun(server: server, batches: batches, streams: streams, batchesPerStream: batchesPerStream)
            let measured = try await run.run()
            guard measured.newEntries == entries else {
                throw ConnectorBenchError("Ingest stored \(measured.newEntries) new activities of \(entries)")
            }
            figure.seconds = measured.seconds
            figure.cores = measured.cores
            figure.calls = measured.calls
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        let size = (try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
        figure.entries = entries
        figure.bytesPerActivity = Double(size) / Double(entries)
        return figure
    }
}
