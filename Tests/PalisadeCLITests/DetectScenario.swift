import Foundation
import PalisadeMessages
import PalisadeSlackSimulator
import PalisadeTestSupport
import PalisadeWire

/// A small simulated org written as `palisade detect` reads it: its entries as JSON Lines,
/// oldest first, an IP range list giving each simulated site's category, and the default GeoIP
/// database when `make geoip` fetched it.
struct DetectScenario {
    let scenario: Scenario
    /// The entries, oldest first, as the file lists them.
    let entries: [SimEntry]
    /// The JSONL file.
    let events: String
    /// The `IPRangeList` JSON of the sites' prefixes.
    let ranges: String

    /// The scenario of `configuration`, its files written in `directory`.
    init(_ configuration: ScenarioConfiguration, in directory: borrowing TemporaryDirectory) throws {
        scenario = Scenario.generate(configuration)
        entries = scenario.entries.sorted { SimEntry.isOlder($0, than: $1) }
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += entry.json
            bytes.append(UInt8(ascii: "\n"))
        }
        events = directory.file("events.jsonl")
        try Data(bytes).write(to: URL(fileURLWithPath: events))
        ranges = try directory.write("ranges.json", String(decoding: try WireJSONEncoder().encode(Self.siteRanges()), as: UTF8.self))
    }

    /// The sites as the catalogue would know them: Tor exits and anonymising VPNs risky, clouds
    /// cloud providers, offices corporate (homes are nobody's range).
    static func siteRanges() -> IPRangeList {
        var ranges: [IPRange] = []
        for site in SimSite.all {
            let (category, tags): (IPCategory, [String])
            switch site.category {
            case .tor: (category, tags) = (.risky, ["Tor"])
            case .vpn: (category, tags) = (.risky, ["Anonymous VPN"])
            case .cloud: (category, tags) = (.cloudProvider, ["Cloud"])
            case .office: (category, tags) = (.corporate, ["Office"])
            case .home: continue
            }
            ranges.append(IPRange(name: site.key, networks: [site.prefix], category: category, tags: tags, source: "operator"))
        }
        return IPRangeList(ranges: ranges)
    }

    /// Where `make geoip` puts the default database, nil when it is not there.
    static var geoipPath: String? {
        FileManager.default.fileExists(atPath: DefaultGeoIP.path) ? DefaultGeoIP.path : nil
    }

    /// `policies/slack`, from this file's place in the repository.
    static var slackPack: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("policies/slack").path
    }
}
