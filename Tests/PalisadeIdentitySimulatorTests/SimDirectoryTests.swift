import PalisadeIdentitySimulator
import PalisadeSlackSimulator
import Testing

@Suite struct SimDirectoryTests {
    static let scenario = Scenario.generate(ScenarioConfiguration(seed: 7, users: 300, end: 1_790_000_000, days: 14, entries: 20_000))

    @Test func samePeopleAsTheSlackOrganisation() {
        let directory = SimDirectory(scenario: Self.scenario)
        let organization = Self.scenario.organization
        #expect(directory.people.count == organization.people)
        #expect(directory.domain == organization.emailDomain)
        for (person, user) in zip(directory.people, organization.users) {
            #expect(person.slackID == user.id)
            #expect(person.email == user.email)
            #expect(person.displayName == user.name)
            #expect(person.isAdmin == user.isAdmin)
        }
    }

    @Test func leaversAreDisabledOrDeletedAndTheIncidentsPersonDeleted() throws {
        let directory = SimDirectory(scenario: Self.scenario)
        let left = Dictionary(
            Self.scenario.entries.filter { $0.action == "user_deactivated" }.map { ($0.entityID, $0.dateCreate) },
            uniquingKeysWith: min)
        #expect(left.count >= 2)
        var disabled = 0
        var deleted = 0
        for person in directory.people {
            switch person.status {
            case .active: #expect(left[person.slackID] == nil)
            case .disabled: disabled += 1; #expect(left[person.slackID] != nil)
            case .deleted(let at): deleted += 1; #expect(left[person.slackID] == at)
            }
        }
        #expect(disabled >= 1 && deleted >= 1)
        let incident = Self.scenario.labels.first { $0.kind == "deprovisioned_user_activity" }
        let label = try #require(incident)
        let person = try #require(directory.person(slackID: label.userIDs[0]))
        guard case .deleted = person.status else {
            Issue.record("the incident's person is \(person.status), not deleted")
            return
        }
    }

    @Test func idsAreStableUniqueAndShapedAsTheProvidersSpellThem() {
        let first = SimDirectory(scenario: Self.scenario)
        let again = SimDirectory(organization: Self.scenario.organization)
        #expect(first.people.map(\.entraID) == again.people.map(\.entraID))
        #expect(Set(first.people.map(\.entraID)).count == first.people.count)
        #expect(Set(first.people.map(\.oktaID)).count == first.people.count)
        for person in first.people {
            let parts = person.entraID.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12], "\(person.entraID)")
            let lowerHex = person.entraID.allSatisfy { $0.isHexDigit && !$0.isUppercase || $0 == "-" }
            #expect(lowerHex)
            #expect(person.oktaID.hasPrefix("00u") && person.oktaID.count == 20, "\(person.oktaID)")
        }
        #expect(first.person(email: first.people[3].email.uppercased()) == first.people[3])
    }
}
