import ArgumentParser
import Foundation
import Logging
import PalisadeRPC
import PalisadeSlackSimulator

/// `palisade-bench connector`: the connector's backfill throughput.
///
/// A seeded scenario is generated once (not timed) and served by an in-process Slack simulator
/// over HTTPS. Each run measures, in this order:
/// 1. the baseline: the same history fetched with `SlackClient.auditLogs` alone (HTTP + scan);
/// 2. the connector: `addConnection` on a real connector core until a counting Ingest receiver
///    has every entry (fetch, SQLite outbox, forwarding over RPC).
/// The last line holds the figures (medians when `--runs` > 1) and their ratio, which is what
/// compares across noisy machines. The target is `entries_per_s` ≥ 100,000.
struct ConnectorBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Benchmark the connector's backfill into a counting receiver (release builds only give meaningful figures)."
    )

    @Option(name: .long, help: "Audit entries in the generated scenario.")
    var entries: Int = 1_000_000

    @Option(name: .long, help: "Scenario seed.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "Runs (baseline + connector each); figures are medians.")
    var runs: Int = 1

    @Option(name: .long, help: "Audit page size (`limit`), for both the baseline and the connector.")
    var pageSize: Int = 9999

    @Option(name: .long, help: "Days of history the scenario spans (the backfill covers one more).")
    var days: Int = 6

    @Option(name: .long, help: "Log level of the connector, simulator and receiver.")
    var logLevel: String = "warning"

    func validate() throws {
        guard entries > 0, runs > 0, days > 0, (1...9999).contains(pageSize) else {
            throw ValidationError("--entries, --runs and --days must be positive, --page-size within 1...9999")
        }
    }

    func run() async throws {
        var logger = Logger(label: "palisade-bench.connector")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning

        let generationStart = ContinuousClock.now
        // The scenario ends a minute ago so a backfill of `days + 1` days started after the
        // generation still covers all of it.
        let end = Int64(Date().timeIntervalSince1970) - 60
        let scenario = Scenario.generate(ScenarioConfiguration(seed: seed, end: end, days: days, entries: entries))
        let generationSeconds = (ContinuousClock.now - generationStart).seconds
        let count = scenario.entries.count
        print(String(format: "generated %d entries over %d days in %.1f s", count, days, generationSeconds))

        let slack = try ConnectorBenchSlack(entries: scenario.entries, logger: logger)
        var figures: [ConnectorBenchFigures] = []
        do {
            for index in 1...runs {
                let figure = try await measure(slack: slack, count: count, from: scenario.configuration.start, logger: logger)
                print("run \(index): " + figure.line)
                figures.append(figure)
            }
        } catch {
            await slack.shutdown()
            throw error
        }
        await slack.shutdown()
        var summary = ConnectorBenchFigures.median(figures)
        summary.generationSeconds = generationSeconds
        print(summary.line)
    }

    private func measure(slack: ConnectorBenchSlack, count: Int, from oldest: Int64, logger: Logger) async throws -> ConnectorBenchFigures {
        var figure = ConnectorBenchFigures()
        let baseline = try await ConnectorBaselineRun(
            caFile: slack.caFile, baseURL: slack.baseURL, oldest: oldest, latest: Int64(Date().timeIntervalSince1970),
            pageSize: pageSize
        ).run()
        guard baseline.entries == count else {
            throw ConnectorBenchError("the baseline fetched \(baseline.entries) of \(count) entries")
        }
        figure.baselinePerSecond = Double(baseline.entries) / baseline.seconds
        figure.baselineSeconds = baseline.seconds
        figure.pages = baseline.pages

        // Generous: a connector at a tenth of the target still finishes and gets measured.
        let timeout = Duration.seconds(max(120, count / 10_000))
        let cpuBefore = ProcessCPU.microseconds(getpid()) ?? 0
        let measured = try await ConnectorPipelineRun(
            slack: slack, entries: count, backfillDays: days + 1, pageSize: pageSize, timeout: timeout, logger: logger
        ).run()
        figure.entries = measured.entries
        figure.seconds = measured.seconds
        figure.storedSeconds = measured.storedSeconds
        figure.entriesPerSecond = Double(count) / measured.seconds
        figure.connectorPages = measured.pages
        figure.cores = ((ProcessCPU.microseconds(getpid()) ?? 0) - cpuBefore) / 1e6 / measured.seconds
        return figure
    }
}
