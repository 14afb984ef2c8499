import ArgumentParser
import Foundation
import PalisadeDetectionEngine
import PalisadeEnrichment
import PalisadeFileDetection
import PalisadeGeoIP
import PalisadeMessages
import PalisadePolicies
import PalisadeWire

/// `palisade-bench detect`: `palisade detect`'s rate over a million raw Slack entries, and what
/// the detection adds to reading them.
///
/// A simulator scenario (`--users` 2,000 over `--days` 14, `--quiet-days` 7, `--entries`
/// 1,000,000) is written once, oldest first, as JSON Lines (~800 bytes an entry) under
/// `--cache` and reused while its shape is the same. Each run, in one process, over that file:
/// - parse only: `EntryFileReader` as the command uses it (blocks of lines normalised and
///   enriched on every core: GeoIP when `make geoip` fetched the database, and a catalogue of
///   the simulated sites' /24s), the activities counted and dropped — `parse_per_s`;
/// - detect: `FileDetection` as `palisade detect --builtin --policies policies/slack` runs it
///   (the same reader, one `DetectionEngine` with the eight detections and the whole pack, each
///   finding encoded to its JSON line, not printed) — `entries_per_s`.
/// `ratio` = parse-only seconds / detect seconds (1 would be detection for free); the figures are
/// each run's, then their medians. The issue's targets: `entries_per_s` ≥ 300,000 on 2 cores,
/// `ratio` ≥ 0.5.
struct DetectBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Benchmark palisade detect over a million raw Slack entries against parsing them alone (release builds only).")

    @Option(name: .long, help: "Entries in the scenario.")
    var entries = 1_000_000

    @Option(name: .long, help: "People in the scenario.")
    var users = 2_000

    @Option(name: .long, help: "Days the scenario covers.")
    var days = 14

    @Option(name: .customLong("quiet-days"), help: "Days at the start without incidents (learning).")
    var quietDays = 7

    @Option(name: .long, help: "Seed of the scenario.")
    var seed: UInt64 = 14

    @Option(name: .long, help: "Runs (each parse only, then detect); the last line has the medians.")
    var runs = 3

    @Option(name: .long, help: "Where the generated file is kept between invocations.")
    var cache = "/tmp/palisade-bench-detect"

    @Option(name: .long, help: "The policy directory the detect run loads.")
    var policies = "policies/slack"

    @Option(name: .long, help: "A GeoIP .mmdb (default: where `make geoip` puts it, if there); `none` for none.")
    var geoip: String?

    @Option(name: .long, help: "Threads parsing lines (default: the cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard entries > 0, users > 0, days > quietDays, runs > 0, workers > 0 else {
            throw ValidationError("--entries, --users, --runs and --workers must be positive and --days above --quiet-days")
        }
    }

    func run() throws {
        let generated = ContinuousClock.now
        let (path, fresh) = try DetectBenchFile.ensure(
            directory: cache, seed: seed, users: users, days: days, quietDays: quietDays, entries: entries)
        let genSeconds = DetectBenchFigures.seconds(ContinuousClock.now - generated)
        print("events: \(path) (\(fresh ? "generated" : "cached"), \(String(format: "%.1f", genSeconds)) s)")
        let database = try geoipDatabase()
        let enricher = ActivityEnricher(geoip: database, table: IPRangeTable(try DetectBenchFile.siteRanges()))
        let reader = EntryFileReader(lines: EntryLineReader(orgID: "E0BENCH", enricher: enricher), workers: workers)
        let pack = try loadPolicies()
        print("geoip: \(database == nil ? "none" : "yes"); policies: \(pack.count) from \(policies); workers: \(workers)")
        var figures: [DetectBenchFigures] = []
        for run in 1...runs {
            let parseStart = ContinuousClock.now
            var parsed = 0
            try reader.read(path: path) { block in parsed += block.activityCount }
            let parseSeconds = DetectBenchFigures.seconds(ContinuousClock.now - parseStart)

            let detection = FileDetection(reader: reader, engine: DetectionEngine(policies: pack))
            let encoder = WireJSONEncoder()
            var bytes = 0
            let summary = try detection.run(path: path) { findings in
                for finding in findings { bytes += try encoder.encode(finding).count + 1 }
            }
            let result = DetectBenchFigures(
                entries: summary.activities, parsed: parsed, findings: summary.findings, parseSeconds: parseSeconds,
                detectSeconds: summary.seconds)
            print("run \(run): \(result.line) json_bytes=\(bytes)")
            figures.append(result)
        }
        print(DetectBenchFigures.median(figures).line + String(format: " gen_s=%.1f", genSeconds))
    }

    private func geoipDatabase() throws -> GeoIPDatabase? {
        if geoip == "none" { return nil }
        let environment = ProcessInfo.processInfo.environment
        let cacheDirectory =
            environment["PALISADE_GEOIP_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/palisade/geoip")
        let path = geoip ?? cacheDirectory + "/dbip-city-lite-2023-04.mmdb"
        guard geoip != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        return try GeoIPDatabase(path: path)
    }

    private func loadPolicies() throws -> [ActivityPolicy] {
        guard let walker = FileManager.default.enumerator(atPath: policies) else {
            throw ValidationError("--policies \(policies): cannot list it (run from the repository's root)")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if ["yaml", "yml", "json"].contains((relative as NSString).pathExtension) { files.append("\(policies)/\(relative)") }
        }
        return try files.sorted().map { try ActivityPolicy.parse(String(contentsOfFile: $0, encoding: .utf8), file: $0) }
    }
}
