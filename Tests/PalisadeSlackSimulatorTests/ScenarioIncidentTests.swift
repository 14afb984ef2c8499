import Foundation
import Testing

@testable import PalisadeSlackSimulator

@Suite("Scenario incidents and sites")
struct ScenarioIncidentTests {
    /// One entry of a scenario, parsed, with the fields the checks need.
    struct Parsed {
        let entry: SimEntry
        let ip: String
        let appID: String?
        let object: [String: Any]
    }

    static func parse(_ entry: SimEntry) throws -> Parsed {
        let object = try #require(ScenarioFixtures.object(entry.json))
        let context = try #require(object["context"] as? [String: Any])
        let app = (context["app"] as? [String: Any])?["id"] as? String
        return Parsed(entry: entry, ip: try #require(context["ip_address"] as? String), appID: app, object: object)
    }

    /// The site whose /24 holds `ip`.
    static func site(of ip: String, in org: SimOrganization) -> SimSite? {
        let network = ip.split(separator: ".").prefix(3).joined(separator: ".") + ".0/24"
        return org.sites.first { $0.prefix == network }
    }

    static let adminActions: Set<String> = [
        "role_change_to_admin", "role_change_to_user", "user_session_reset_by_admin", "bulk_session_reset_by_admin",
        "user_password_reset_by_admin", "pref.public_channel_retention_changed", "pref.dm_retention_changed",
        "pref.who_can_manage_ext_shared_channels", "pref.enterprise_default_channels", "pref.session_duration_changed",
        "pref.two_factor_auth_changed",
    ]

    @Test(arguments: [false, true])
    func everyIncidentIsPresentAndRecognisable(small: Bool) throws {
        let scenario = small ? ScenarioFixtures.small : ScenarioFixtures.standard
        let org = scenario.organization
        let byID = Dictionary(uniqueKeysWithValues: scenario.entries.map { ($0.id, $0) })
        #expect(scenario.labels.map(\.kind) == ScenarioLabel.kinds)
        for label in scenario.labels {
            let made = try label.entryIDs.map { id in try Self.parse(try #require(byID[id], "\(label.kind): missing \(id)")) }
            #expect(!made.isEmpty)
            #expect(made.first?.entry.dateCreate == label.start && made.last?.entry.dateCreate == label.end)
            let labelUsersExist = label.userIDs.allSatisfy { id in org.users.contains { $0.id == id } }
            #expect(labelUsersExist)
            switch label.kind {
            case "impossible_travel":
                let logins = made.filter { $0.entry.action == "user_login" }
                #expect(logins.count == 2 && Set(logins.map(\.entry.actorID)).count == 1)
                let a = try #require(Self.site(of: logins[0].ip, in: org)), b = try #require(Self.site(of: logins[1].ip, in: org))
                #expect(a.country != b.country && a.distance(to: b) > 3_000)
                #expect(logins[1].entry.dateCreate - logins[0].entry.dateCreate <= 3_600)
            case "tor_login", "anonymous_vpn_login":
                let firstLogin = made.first { $0.entry.action == "user_login" }
                let login = try #require(firstLogin)
                let category: SimSiteCategory = label.kind == "tor_login" ? .tor : .vpn
                #expect(Self.site(of: login.ip, in: org)?.category == category)
            case "password_spraying":
                let allFailedLogins = made.allSatisfy { $0.entry.action == "user_login_failed" }
                #expect(allFailedLogins)
                #expect(Set(made.map(\.entry.actorID)).count >= 5 && Set(made.map(\.ip)).count == 1)
                #expect(label.end - label.start <= 600)
            case "repeated_failed_logins":
                #expect(Set(made.map(\.entry.actorID)).count == 1)
                let failedUntilTheLast = made.dropLast().allSatisfy { $0.entry.action == "user_login_failed" }
                #expect(failedUntilTheLast && made.count >= 6)
                #expect(made.last?.entry.action == "user_login")
            case "admin_spree":
                #expect(Set(made.map(\.entry.actorID)).count == 1 && made.count >= 8)
                let allAdminActions = made.allSatisfy { Self.adminActions.contains($0.entry.action) }
                #expect(allAdminActions)
                let spreeActor = org.users.first { $0.id == made[0].entry.actorID }
                #expect(spreeActor?.isAdmin == true)
                #expect(label.end - label.start <= 900)
            case "mass_download":
                let allDownloads = made.allSatisfy { $0.entry.action == "file_downloaded" }
                #expect(allDownloads && Set(made.map(\.entry.actorID)).count == 1)
                #expect(Set(made.map(\.entry.entityID)).count == made.count && made.count >= 15)
                #expect(label.end - label.start <= 900)
            case "deprovisioned_user_activity":
                let deactivation = made[0].entry
                #expect(deactivation.action == "user_deactivated")
                let later = made.dropFirst()
                let laterByThemAfterwards = later.allSatisfy {
                    $0.entry.actorID == deactivation.entityID && $0.entry.dateCreate > deactivation.dateCreate
                }
                #expect(!later.isEmpty && laterByThemAfterwards)
                // Outside the incident, the person is silent after the deactivation.
                let labelled = Set(label.entryIDs)
                let activeAfterwardsOutside = scenario.entries.contains {
                    $0.actorID == deactivation.entityID && $0.dateCreate >= deactivation.dateCreate && !labelled.contains($0.id)
                }
                #expect(!activeAfterwardsOutside)
            case "new_app_acting_for_users":
                #expect(made[0].entry.action == "app_installed")
                let appID = made[0].entry.entityID
                let acting = made.dropFirst()
                let allViaTheApp = acting.allSatisfy { $0.appID == appID }
                #expect(acting.count >= 3 && allViaTheApp)
                #expect(Set(acting.map(\.entry.actorID)).count == acting.count)
                let before = try scenario.entries.filter { $0.dateCreate < label.start }.map(Self.parse)
                let appActedBefore = before.contains { $0.appID == appID }
                #expect(!appActedBefore)
            default:
                Issue.record("unexpected kind \(label.kind)")
            }
        }
    }

    @Test func sitesTableIsWellFormed() {
        let sites = SimSite.all
        let officeAndHomeCount = sites.filter { $0.category == .office || $0.category == .home }.count
        #expect((12...16).contains(officeAndHomeCount))
        let officeCountries = Set(sites.filter { $0.category == .office }.map(\.country))
        #expect(officeCountries.count >= 9)
        for category in [SimSiteCategory.tor, .vpn, .cloud] {
            let hasCategory = sites.contains { $0.category == category }
            #expect(hasCategory)
        }
        #expect(Set(sites.map(\.prefix)).count == sites.count)
        for site in sites {
            let octets = site.prefix.dropLast(3).split(separator: ".")
            let octetsAreBytes = octets.allSatisfy { UInt8($0) != nil }
            #expect(site.prefix.hasSuffix(".0/24") && octets.count == 4 && octetsAreBytes)
            #expect(site.address(host: 77).hasPrefix(String(site.prefix.dropLast(4))))
        }
        let london = sites[0], sydney = sites.first { $0.key == "sydney" }
        #expect(london.distance(to: sydney ?? london) > 16_000)
    }

    @Test func labelsDocumentCarriesSitesAndIncidents() throws {
        let document = ScenarioFixtures.standard.labelsDocument()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
        #expect((root["seed"] as? NSNumber)?.intValue == 42)
        let sites = try #require(root["sites"] as? [[String: Any]])
        #expect(sites.count == SimSite.all.count)
        for site in sites {
            for key in ["country", "city", "prefix", "category"] { #expect(site[key] is String) }
            #expect(site["latitude"] is NSNumber && site["longitude"] is NSNumber)
        }
        let incidents = try #require(root["incidents"] as? [[String: Any]])
        #expect(incidents.count == ScenarioLabel.kinds.count)
        #expect(root["organization"] is [String: Any] && root["configuration"] is [String: Any])
    }
}
