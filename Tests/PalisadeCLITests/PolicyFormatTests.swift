import Foundation
import PalisadeMessages
import Testing

@testable import PalisadeCLI

/// 2026-12-01T09:00:00Z and 2026-12-07T14:30:00Z.
private let created = Date(timeIntervalSince1970: 1_796_115_600)
private let updated = Date(timeIntervalSince1970: 1_796_653_800)

/// The daily limit's sentence (`PolicyStatus.reason`).
private let overLimit =
    "matched more than 200,000 activities on 2026-12-07 (UTC); disabled to protect the service — narrow its filter and enable it again"

/// A threshold policy switched off by the daily limit, with its source.
private let massDownload = PolicyInfo(
    name: "Mass download", description: "Fifty files downloaded by one person within ten minutes.", severity: .high,
    state: .overDailyLimit, reason: overLimit, source: "name: Mass download\r\nseverity: high\n\ttitle: x\n", created: created,
    updated: updated, findings: 17, threshold: true, actions: [.notifyUser, .requireSignIn])

/// An enabled policy reporting every match, with no description and no actions.
private let exports = PolicyInfo(
    name: "Slack export started", severity: .medium, state: .enabled, created: created, updated: created, findings: 2)

/// What the `policies` commands print for a policy.
@Suite("Policy format: the list table, the block, the switch line, the details")
struct PolicyFormatTests {
    @Test("list: a table by the service's order, then a line per policy over its daily limit")
    func table() {
        let lines = PolicyFormat.table([massDownload, exports]).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "NAME                  STATE             SEVERITY  REPORTS      FINDINGS  UPDATED",
                "Mass download         over-daily-limit  high      threshold    17        2026-12-07T14:30:00Z",
                "Slack export started  enabled           medium    every match  2         2026-12-01T09:00:00Z",
                "Mass download is switched off: \(overLimit)",
            ])
    }

    @Test("a state or severity newer than the CLI shows as unspecified; a name with a newline stays on its row")
    func unknownValues() {
        var newer = exports
        newer.name = "two\nlines"
        newer.state = .unspecified
        newer.severity = .unspecified
        let lines = PolicyFormat.table([newer]).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("two?lines  unspecified  unspecified  every match  2"))
    }

    @Test("create and update print the verb and the name, then the labelled block")
    func stored() {
        #expect(
            PolicyFormat.stored(massDownload, verb: "created").split(separator: "\n").map(String.init) == [
                "created the policy Mass download",
                "  state        over-daily-limit",
                "  reason       \(overLimit)",
                "  severity     high",
                "  reports      when its threshold is reached (N matches within a window)",
                "  actions      notify-user, require-sign-in",
                "  findings     17",
                "  created      2026-12-01T09:00:00Z",
                "  updated      2026-12-07T14:30:00Z",
                "  description  Fifty files downloaded by one person within ten minutes.",
            ])
        let short = PolicyFormat.stored(exports, verb: "updated").split(separator: "\n").map(String.init)
        #expect(short.count == 8)
        #expect(short[1] == "  state        enabled" && short[2] == "  severity     medium" && short[4] == "  actions      none")
    }

    @Test("enable and disable print the state, with the reason when there is one")
    func switched() {
        #expect(PolicyFormat.switched(exports) == "Slack export started is enabled")
        var off = exports
        off.state = .disabled
        off.reason = "disabled by operator/alice"
        #expect(PolicyFormat.switched(off) == "Slack export started is disabled (disabled by operator/alice)")
    }

    @Test("show: the block, then the source indented, CRs dropped, control characters shown as ?")
    func details() {
        let lines = PolicyFormat.details(massDownload).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "name         Mass download")
        #expect(Array(lines.suffix(4)) == ["source:", "  name: Mass download", "  severity: high", "  ?title: x"])
    }
}
