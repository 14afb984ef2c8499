import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadePolicies
import PalisadeRPC

/// `palisade policies replay FILE`: a draft policy over stored history, raising nothing.
struct PoliciesReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Evaluate a draft policy over the stored activity log, raising nothing: what it would have found.",
        discussion: """
            Reads the activities of --since (30 days by default) up to --until (now) from ingestion's \
            Query, oldest first, and runs the policy on them with detection's own evaluator (thresholds, \
            one finding per burst, the daily limit), in this process: no finding is stored, no alert \
            raised. The policy runs even if its file says enabled: false. Prints the first --show \
            findings it would raise, then a summary with the findings per day. Needs an operator \
            certificate for ingestion (as `palisade activities query`).

            Examples:
              palisade policies replay drafts/admin-outside-office.yaml
              palisade policies replay drafts/mass-download.yaml --since 7d --show 50
            """
    )

    @Argument(help: "The policy file (YAML or JSON).")
    var file: String

    @Option(name: .long, help: "Start of the history: a span back from now (30d, 12h) or a date (2026-09-01, RFC 3339).")
    var since: String = "30d"

    @Option(name: .long, help: "End of the history (default: now), as --since.")
    var until: String?

    @Option(name: .long, help: "Findings to print in full (the summary counts them all).")
    var show: Int = 20

    @OptionGroup var ingestion: IngestionClientOptions

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
        _ = try QueryTime.parse(since, option: "--since")
        if let until { _ = try QueryTime.parse(until, option: "--until") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            _ = try await execute(rpc: try ingestion.makeClient(), output: StandardOutput())
        }
    }

    /// What a replay found.
    struct Outcome: Equatable {
        var activities = 0
        var matches: [PolicyMatch] = []
        var status: PolicyStatus = .enabled
    }

    /// Replays the policy over the activities `rpc` serves and prints what it would find.
    func execute(rpc: RPCClient, output: any CommandOutput, now: Date = Date()) async throws -> Outcome {
        let document = try PolicyDocumentFile.read(file)
        var policy: ActivityPolicy
        do {
            policy = try ActivityPolicy.parse(document.source, file: file)
        } catch {
            throw CommandFailure(error.description)
        }
        policy.enabled = true
        let from = try QueryTime.parse(since, option: "--since").resolved(now: now)
        let to = try until.map { try QueryTime.parse($0, option: "--until").resolved(now: now) } ?? now
        let query = ActivityQuery(from: from, to: to, order: .oldestFirst)
        let replayed = policy
        let outcome = try await rpc.serverStreaming(IngestionAPI.query, query, options: ingestion.streamOptions) { activities in
            var evaluator = PolicyEvaluator(policies: [replayed])
            var outcome = Outcome()
            for try await activity in activities {
                outcome.activities += 1
                outcome.matches += evaluator.evaluate(activity)
            }
            outcome.status = evaluator.status(of: replayed.name) ?? .enabled
            return outcome
        }
        report(outcome, policy: policy, from: from, to: to, output: output)
        return outcome
    }

    private func report(_ outcome: Outcome, policy: ActivityPolicy, from: Date, to: Date, output: any CommandOutput) {
        for match in outcome.matches.prefix(show) {
            let first = match.evidence.first.map { Self.moment($0.time) } ?? "-"
            let entries = match.evidence.prefix(3).map(\.entryID).joined(separator: ", ")
            let more = match.count > 3 ? " and \(match.count - 3) more" : ""
            output.line("\(first)  \(match.severity.displayName)  \(match.title)  [\(entries)\(more)]")
        }
        if outcome.matches.count > show { output.line("… \(outcome.matches.count - show) more not shown (--show)") }
        var days: [String: Int] = [:]
        for match in outcome.matches {
            if let last = match.evidence.last { days[String(Self.moment(last.time).prefix(10)), default: 0] += 1 }
        }
        output.line(
            "“\(policy.name)” over \(outcome.activities) activities from \(Self.moment(from)) to \(Self.moment(to)): "
                + "\(outcome.matches.count) finding\(outcome.matches.count == 1 ? "" : "s") would be raised; nothing was stored")
        if !days.isEmpty {
            output.line("per day: " + days.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let reason = outcome.status.reason { output.line("note: the policy would have been disabled: it \(reason)") }
    }

    /// A time as the replay prints it: "2026-09-08 14:02:11Z".
    private static func moment(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt))
    }
}

extension Severity {
    /// The severity's name as people write it ("high").
    fileprivate var displayName: String { ValueNames.name(of: self, in: Severity.named) ?? "unspecified" }
}
