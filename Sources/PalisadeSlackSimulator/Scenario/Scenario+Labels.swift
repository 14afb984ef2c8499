import Foundation

/// The labels document: ground truth for detector tests and demos.
extension Scenario {
    private struct Document: Encodable {
        let seed: UInt64
        let configuration: ScenarioConfiguration
        let organization: OrganizationSummary
        let sites: [SimSite]
        let incidents: [ScenarioLabel]
        let attribution: String
    }

    private struct OrganizationSummary: Encodable {
        let id: String
        let name: String
        let domain: String
        let workspaces: [SimWorkspace]
        let people: Int
        let botUsers: Int
        let owners: [String]
        let admins: [String]
        let apps: [AppSummary]
        let periodStart: Int64
        let periodEnd: Int64
        let entries: Int
    }

    private struct AppSummary: Encodable {
        let id: String
        let name: String
        let token: SimAppToken
        let botUserID: String?
    }

    /// Pretty JSON (sorted keys): seed, configuration, organisation summary, the sites table
    /// (country, city, latitude, longitude, prefix, category) and the incidents.
    public func labelsDocument() -> [UInt8] {
        let org = organization
        let people = org.users.prefix(org.people)
        let summary = OrganizationSummary(
            id: org.id, name: org.name, domain: org.domain, workspaces: org.workspaces, people: org.people,
            botUsers: org.users.count - org.people,
            owners: people.filter { $0.role == .owner }.map(\.id), admins: people.filter { $0.role == .admin }.map(\.id),
            apps: org.apps.map { AppSummary(id: $0.id, name: $0.name, token: $0.token, botUserID: $0.botUser.map { org.users[$0].id }) },
            periodStart: configuration.start, periodEnd: configuration.end, entries: entries.count)
        let document = Document(
            seed: configuration.seed, configuration: configuration, organization: summary,
            sites: org.sites, incidents: labels,
            attribution: "IP Geolocation by DB-IP (https://db-ip.com), City Lite 2023-04, CC BY 4.0")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail; an empty document signals a bug.
        return (try? Array(encoder.encode(document))) ?? []
    }
}
