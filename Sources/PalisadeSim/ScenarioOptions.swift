import ArgumentParser
import Foundation
import PalisadeSlackSimulator

/// The scenario to generate: `--seed --users --workspaces --entries --days --end --quiet-days`.
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Seed of the scenario, issued tokens and probabilistic faults.")
    var seed: UInt64 = 1

    @Option(help: "People in the organization.")
    var users: Int = 200

    @Option(help: "Workspaces in the organization.")
    var workspaces: Int = 4

    @Option(help: "Audit entries to generate.")
    var entries: Int = 50_000

    @Option(help: "Length of the period, days.")
    var days: Int = 7

    @Option(help: "End of the period, Unix seconds (default: now).")
    var end: Int64?

    @Flag(help: "Leave out the labelled incidents.")
    var noIncidents = false

    @Option(help: "Days at the start with no incident, so detection's baselines learn first (7 matches its default).")
    var quietDays: Int = 0

    func validate() throws {
        guard users >= 1, users <= 1_000_000 else { throw ValidationError("--users must be 1…1000000") }
        guard workspaces >= 1, workspaces <= 10_000 else { throw ValidationError("--workspaces must be 1…10000") }
        guard entries >= 0, entries <= 50_000_000 else { throw ValidationError("--entries must be 0…50000000") }
        guard days >= 1, days <= 3_650 else { throw ValidationError("--days must be 1…3650") }
        guard quietDays >= 0, quietDays < days else { throw ValidationError("--quiet-days must be 0…days-1") }
        if let end, end < 1_519_862_400 + Int64(days) * 86_400 {
            throw ValidationError("--end must leave the whole period after March 2018 (Slack has no audit data before)")
        }
    }

    /// Generates the scenario (deterministic for equal options).
    func generate() -> Scenario {
        let end = self.end ?? Int64(Date().timeIntervalSince1970)
        return Scenario.generate(
            ScenarioConfiguration(
                seed: seed, users: users, workspaces: workspaces, end: end,
                days: days, entries: entries, incidents: !noIncidents, quietDays: quietDays))
    }
}

extension SlackSimulatorConfiguration.Enterprise {
    /// The scenario's enterprise, with its first org owner as the installing user; the owner's
    /// user name (`user` in `auth.test`, a handle on Slack) is the local part of their e-mail.
    init(_ organization: SimOrganization) {
        let owner = organization.users.first { $0.role == .owner }
        let handle = owner.map { String($0.email.prefix { $0 != "@" }) }
        self.init(
            id: organization.id, name: organization.name, domain: organization.domain,
            ownerUserID: owner?.id ?? "W0OWNER001", ownerName: handle ?? "owner")
    }
}
