import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import PalisadeSlackSimulator

/// The benchmark's file of entries and the catalogue of the simulated sites.
enum DetectBenchFile {
    /// The JSONL file of the scenario's entries, oldest first, generated when missing; and whether it was.
    static func ensure(
        directory: String, seed: UInt64, users: Int, days: Int, quietDays: Int, entries: Int
    ) throws -> (path: String, generated: Bool) {
        let path = "\(directory)/events-s\(seed)-u\(users)-d\(days)-q\(quietDays)-n\(entries).jsonl"
        if FileManager.default.fileExists(atPath: path) { return (path, false) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: seed, users: users, end: 1_789_400_000, days: days, entries: entries, quietDays: quietDays))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scenario.entries.count * 900)
        for entry in scenario.entries.sorted(by: { SimEntry.isOlder($0, than: $1) }) {
            bytes += entry.json
            bytes.append(UInt8(ascii: "\n"))
        }
        // Written aside and renamed, so an interrupted run never leaves a short file to reuse.
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".partial"))
        try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
        return (path, true)
    }

    /// The simulated sites as a catalogue would know them: Tor exits and anonymising VPNs risky,
    /// clouds cloud providers, offices corporate.
    static func siteRanges() throws -> [CatalogueRange] {
        try SimSite.all.compactMap { site in
            let (category, tags): (IPCategory, [String])
            switch site.category {
            case .tor: (category, tags) = (.risky, ["Tor"])
            case .vpn: (category, tags) = (.risky, ["Anonymous VPN"])
            case .cloud: (category, tags) = (.cloudProvider, ["Cloud"])
            case .office: (category, tags) = (.corporate, ["Office"])
            case .home: return nil
            }
            return CatalogueRange(
                name: site.key, networks: [try IPNetwork(parsing: site.prefix)], category: category, tags: tags, source: .custom)
        }
    }
}
