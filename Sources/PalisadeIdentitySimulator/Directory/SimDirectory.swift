import PalisadeSlackSimulator

/// The people of a simulated identity provider (Entra ID or Okta), derived from a Slack scenario
/// so that the identity simulators and the Slack simulator describe one organisation: the same
/// people, names and e-mail addresses.
///
/// Everyone the scenario deactivates in Slack (the leavers, and the person of the
/// `deprovisioned_user_activity` incident) has left in the identity provider too: every other one
/// of them is disabled (sign-in blocked, the account kept), the rest deleted at the time Slack
/// deactivated them; the incident's person is always deleted, so a mesh sees both states. Bot
/// users are not people and have no account.
///
/// ```swift
/// let directory = SimDirectory(scenario: Scenario.generate(configuration))
/// let ana = directory.person(email: "ana.lima@northwind.test")
/// ```
public struct SimDirectory: Sendable, Hashable {
    /// The organisation's e-mail domain (also the tenant's verified domain).
    public let domain: String
    /// The organisation's name.
    public let organizationName: String
    /// Every person, in the scenario's order.
    public let people: [DirectoryPerson]

    /// Makes a directory of the given people.
    public init(domain: String, organizationName: String, people: [DirectoryPerson]) {
        self.domain = domain
        self.organizationName = organizationName
        self.people = people
    }

    /// The people of `scenario`'s organisation, with the leavers its entries deactivate.
    public init(scenario: Scenario) {
        var deactivated: [String: Int64] = [:]
        for entry in scenario.entries where entry.action == "user_deactivated" {
            deactivated[entry.entityID] = min(deactivated[entry.entityID] ?? entry.dateCreate, entry.dateCreate)
        }
        let incidentUsers = Set(scenario.labels.filter { $0.kind == "deprovisioned_user_activity" }.flatMap(\.userIDs))
        self.init(organization: scenario.organization, deactivated: deactivated, alwaysDeleted: incidentUsers)
    }

    /// The people of `organization`; `deactivated` maps a Slack user id to when the person left.
    public init(organization: SimOrganization, deactivated: [String: Int64] = [:], alwaysDeleted: Set<String> = []) {
        var people: [DirectoryPerson] = []
        people.reserveCapacity(organization.people)
        var leavers = 0
        for user in organization.users.prefix(organization.people) {
            var status = DirectoryStatus.active
            if let left = deactivated[user.id] {
                // Alternate between the two ways a leaver shows, in the scenario's order.
                status = alwaysDeleted.contains(user.id) || leavers % 2 == 1 ? .deleted(at: left) : .disabled
                leavers += 1
            }
            people.append(DirectoryPerson(user: user, seed: organization.id, status: status))
        }
        self.init(domain: organization.emailDomain, organizationName: organization.name, people: people)
    }

    /// The person with this e-mail address (compared without regard to case), if any.
    public func person(email: String) -> DirectoryPerson? {
        let wanted = email.lowercased()
        return people.first { $0.email.lowercased() == wanted }
    }

    /// The person with this Slack user id (`W…`), if any.
    public func person(slackID: String) -> DirectoryPerson? {
        people.first { $0.slackID == slackID }
    }
}
