import Foundation
import PalisadeMessages

/// How the `policies` commands show policies: a labelled block for one just stored or shown, a
/// table for `palisade policies list`.
enum PolicyFormat {
    /// The column titles of `table`.
    static let headers = ["NAME", "STATE", "SEVERITY", "REPORTS", "FINDINGS", "UPDATED"]

    /// The width of the block's labels, so the values line up.
    private static let labelWidth = 13

    /// The policies as an aligned table, a header row first, then a line for each policy the
    /// daily limit switched off (a person should narrow it), with the service's reason.
    static func table(_ policies: [PolicyInfo]) -> String {
        let table = TerminalText.table(
            headers: headers,
            rows: policies.map { policy in
                [
                    policy.name, MessageNames.policyState.name(of: policy.state), MessageNames.severity.name(of: policy.severity),
                    reports(policy), String(policy.findings), TerminalText.timestamp(policy.updated),
                ]
            })
        let notes = policies.filter { $0.state == .overDailyLimit }.map { policy in
            TerminalText.printable("\(policy.name) is switched off: \(policy.reason.isEmpty ? "over its daily limit" : policy.reason)")
        }
        return ([table] + notes).joined(separator: "\n")
    }

    /// `threshold` for a policy that reports N matches within a window, `every match` otherwise.
    static func reports(_ policy: PolicyInfo) -> String {
        policy.threshold ? "threshold" : "every match"
    }

    /// The policy's labelled lines: name, state (and why, when not enabled), severity, what it
    /// reports, actions, findings, dates, description. Without the source.
    static func block(_ policy: PolicyInfo) -> [String] {
        var lines = [
            labelled("name", policy.name),
            labelled("state", MessageNames.policyState.name(of: policy.state)),
        ]
        if !policy.reason.isEmpty { lines.append(labelled("reason", policy.reason)) }
        lines += [
            labelled("severity", MessageNames.severity.name(of: policy.severity)),
            labelled("reports", policy.threshold ? "when its threshold is reached (N matches within a window)" : "every match"),
            labelled(
                "actions",
                policy.actions.isEmpty ? "none" : policy.actions.map(MessageNames.governanceAction.name(of:)).joined(separator: ", ")),
            labelled("findings", String(policy.findings)),
            labelled("created", TerminalText.timestamp(policy.created)),
            labelled("updated", TerminalText.timestamp(policy.updated)),
        ]
        if !policy.description.isEmpty { lines.append(labelled("description", policy.description)) }
        return lines
    }

    /// What `create` and `update` print: `verb` and the name, then the block indented.
    static func stored(_ policy: PolicyInfo, verb: String) -> String {
        ([TerminalText.printable("\(verb) the policy \(policy.name)")] + block(policy).dropFirst().map { "  " + $0 })
            .joined(separator: "\n")
    }

    /// What `enable` and `disable` print: `Mass download is enabled`, with the reason when the
    /// service answers a state other than enabled.
    static func switched(_ policy: PolicyInfo) -> String {
        let state = MessageNames.policyState.name(of: policy.state)
        let reason = policy.reason.isEmpty ? "" : " (\(policy.reason))"
        return TerminalText.printable("\(policy.name) is \(state)\(reason)")
    }

    /// What `show` prints: the block, then the source as stored, each line made safe for a
    /// terminal (`show --source` prints it as it is).
    static func details(_ policy: PolicyInfo) -> String {
        var lines = block(policy)
        lines.append("source:")
        // Split at every line break, "\r\n" too (one Character in Swift), so a CRLF file shows no "?".
        var source = policy.source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if source.last == "" { source.removeLast() }
        lines += source.map { "  " + TerminalText.printable($0) }
        return lines.joined(separator: "\n")
    }

    private static func labelled(_ label: String, _ value: String) -> String {
        label + String(repeating: " ", count: max(1, labelWidth - label.count)) + TerminalText.printable(value)
    }
}
