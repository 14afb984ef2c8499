import ArgumentParser
import Foundation
import PalisadeDetectionEngine
import PalisadeFileDetection
import PalisadeMessages
import PalisadeWire

/// `palisade detect`: the detections and policies over a file of Slack audit entries, offline.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the built-in detections and policies over a file of Slack audit entries, offline.",
        discussion: """
            Reads FILE.jsonl, one JSON object a line: a raw Slack audit entry (as the Audit Logs API \
            serves it) when the object has a top-level "date_create", otherwise an Activity in its JSON \
            mapping (what `palisade activities query --json` prints, used as it is). Entries are \
            normalised and enriched as ingestion would (--geoip, --ip-ranges), numbered by line \
            (an activity's sequence is its line number) and run, in file order, through the detection \
            service's engine: the eight built-in detections with --builtin, the policies found in each \
            --policies directory (recursively; *.yaml, *.yml, *.json). The file should be oldest first, \
            as ingestion numbers a backfill (the summary counts entries older than one before them).

            Prints each finding as one line of JSON (the Finding message's JSON mapping, its evidence \
            with each activity's line number and Slack entry id) and a summary on standard error. A \
            line that is neither kind stops the run with its line number (after the findings before \
            it); --skip-bad-lines reports it on standard error and goes on, and the exit status is 1 \
            at the end. Nothing is sent anywhere.

            Examples:
              palisade detect --events audit.jsonl --builtin --geoip dbip-city-lite.mmdb
              palisade ip-ranges list --json > ranges.json
              palisade detect --events audit.jsonl --builtin --policies policies/slack --ip-ranges ranges.json
            """
    )

    @Option(name: .long, help: ArgumentHelp("The entries: JSON Lines, oldest first.", valueName: "file.jsonl"))
    var events: String

    @Option(
        name: .long,
        help: ArgumentHelp("A directory of policy files, searched recursively (or one file); repeatable.", valueName: "dir"))
    var policies: [String] = []

    @Flag(name: .long, help: "Run the eight built-in detections (docs/detections.md).")
    var builtin = false

    @Option(name: .long, help: ArgumentHelp("A GeoIP2/GeoLite2-City .mmdb file to locate addresses with.", valueName: "db"))
    var geoip: String?

    @Option(
        name: .customLong("ip-ranges"),
        help: ArgumentHelp("IP ranges as `palisade ip-ranges list --json` prints them (IPRangeList JSON).", valueName: "file"))
    var ipRanges: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "YAML with the detection service's `detections` keys at the top (learningDays, impossibleTravel: …).",
            valueName: "file"))
    var settings: String?

    @Option(name: .long, help: ArgumentHelp("The organisation the Slack entries belong to (findings carry it).", valueName: "id"))
    var org = "local"

    @Flag(name: .long, help: "Report lines that cannot be read and go on (exit status 1 at the end) instead of stopping.")
    var skipBadLines = false

    func validate() throws {
        guard builtin || !policies.isEmpty else {
            throw ValidationError("nothing to run: give --builtin, --policies DIR, or both")
        }
        guard !org.isEmpty else { throw ValidationError("--org: give an organisation id") }
    }

    func run() throws {
        let summary: FileDetectionSummary
        do {
            summary = try execute(output: StandardOutput(), diagnostics: StandardErrorOutput())
        } catch {
            CommandFailure.printError("error: \(error.message)")
            throw ExitCode.failure
        }
        if summary.badLines > 0 { throw ExitCode.failure }
    }

    /// Sets the run up from the options, runs it over `--events`, prints the findings to `output`
    /// and the skipped lines and summary to `diagnostics`. Throws ``CommandFailure`` when an
    /// option's file cannot be used or a line stops the run.
    @discardableResult
    func execute(output: any CommandOutput, diagnostics: any CommandOutput) throws(CommandFailure) -> FileDetectionSummary {
        let setup = try DetectSetup(self)
        let detection = setup.detection
        let encoder = WireJSONEncoder()
        do {
            let summary = try detection.run(
                path: events,
                found: { findings in
                    for finding in findings { output.line(String(decoding: try encoder.encode(finding), as: UTF8.self)) }
                },
                badLine: { error in diagnostics.line("warning: \(events) \(error), skipped") })
            diagnostics.line(setup.summary(summary))
            return summary
        } catch let error as EntryLineError {
            throw CommandFailure("\(events) \(error) (--skip-bad-lines to go on past such lines)")
        } catch let error as EntryFileError {
            throw CommandFailure(error.message)
        } catch {
            throw CommandFailure("\(events): \(error)")
        }
    }
}

/// The process's standard error, for a command's warnings and summary (never mixed with the JSON on standard output).
struct StandardErrorOutput: CommandOutput {
    func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
