import Foundation
import PalisadeGeoIP
import PalisadeMessages
import PalisadeNet
import PalisadeNormaliser
import PalisadeSlackSimulator
import PalisadeTestSupport

/// A simulator scenario as ingestion would hand it to detection: every entry normalised, numbered
/// in time order, located with the default GeoIP database and given the category and tags the
/// IP catalogue would give its site (Tor exits `RISKY` "Tor", the anonymising VPNs `RISKY`
/// "Anonymous VPN", clouds `CLOUD_PROVIDER`; offices are left out, since impossible travel from
/// one office to another is suppressed at medium sensitivity when both are `CORPORATE`).
struct ScenarioActivities {
    let scenario: Scenario
    let activities: [Activity]

    init(_ configuration: ScenarioConfiguration) throws {
        scenario = Scenario.generate(configuration)
        let geoip = try GeoIPDatabase(path: DefaultGeoIP.path)
        let normaliser = EntryNormaliser()
        var sites: [String: SimSite] = [:]
        for site in SimSite.all { sites[site.address(host: 1).split(separator: ".").prefix(3).joined(separator: ".")] = site }
        var activities: [Activity] = []
        activities.reserveCapacity(scenario.entries.count)
        // The scenario lists entries newest first, as Slack serves them; ingestion numbers them
        // as a backfill stores them: oldest first.
        for entry in scenario.entries.sorted(by: { SimEntry.isOlder($0, than: $1) }) {
            var activity = try normaliser.normalise(entry.json, orgID: scenario.organization.id).activity
            activity.sequence = UInt64(activities.count + 1)
            if let address = IPAddress(activity.ip) {
                if let record = geoip.lookup(address) {
                    activity.location = ActivityLocation(
                        country: record.country, subdivision: record.subdivision, city: record.city, latitude: record.latitude,
                        longitude: record.longitude, accuracyRadiusKm: record.accuracyRadiusKm, databaseBuilt: geoip.metadata.buildDate)
                }
                let prefix = activity.ip.split(separator: ".").prefix(3).joined(separator: ".")
                switch sites[prefix]?.category {
                case .tor?: (activity.ipCategory, activity.ipTags) = (.risky, ["Tor"])
                case .vpn?: (activity.ipCategory, activity.ipTags) = (.risky, ["Anonymous VPN"])
                case .cloud?: (activity.ipCategory, activity.ipTags) = (.cloudProvider, ["Cloud"])
                default: break
                }
            }
            activities.append(activity)
        }
        self.activities = activities
    }

}
