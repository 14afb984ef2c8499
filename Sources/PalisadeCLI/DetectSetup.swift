import Foundation
import PalisadeDetectionEngine
import PalisadeEnrichment
import PalisadeFileDetection
import PalisadeGeoIP
import PalisadeMessages
import PalisadeNet
import PalisadePolicies
import PalisadeService
import PalisadeWire

/// What `palisade detect`'s options make: the settings (with the built-in detections off unless
/// `--builtin`), the policies, the enricher (GeoIP database, IP ranges) and the run over them.
struct DetectSetup {
    /// The run, ready.
    let detection: FileDetection
    /// The policies read, by name.
    let policies: [ActivityPolicy]
    /// Whether the built-in detections run.
    let builtin: Bool

    /// Reads every file the options name; throws the first one that cannot be used.
    init(_ options: Detect) throws(CommandFailure) {
        var settings = try options.settings.map { file throws(CommandFailure) in try Self.settings(file) } ?? DetectionSettings()
        if !options.builtin { Self.disableBuiltins(&settings) }
        policies = try Self.policies(options.policies)
        builtin = options.builtin
        let geoip = try options.geoip.map { path throws(CommandFailure) in try Self.geoip(path) }
        let table = try options.ipRanges.map { path throws(CommandFailure) in try Self.ipRanges(path) } ?? .empty
        let enricher = ActivityEnricher(geoip: geoip, table: table)
        let reader = EntryFileReader(lines: EntryLineReader(orgID: options.org, enricher: enricher))
        detection = FileDetection(
            reader: reader, engine: DetectionEngine(settings: settings, policies: policies), skipBadLines: options.skipBadLines)
    }

    /// The `detections` keys of the YAML file at `path`, checked as the detection service checks them.
    static func settings(_ path: String) throws(CommandFailure) -> DetectionSettings {
        do {
            return try ConfigLoader.load(SettingsFile.self, file: path, environment: [:], prefix: "PALISADE_DETECT").section.settings
        } catch {
            throw CommandFailure("--settings: \(error.message)")
        }
    }

    /// Every built-in detection switched off (the policies alone run).
    static func disableBuiltins(_ settings: inout DetectionSettings) {
        settings.anonymousIP.enabled = false
        settings.infrequentCountry.enabled = false
        settings.suspiciousIP.enabled = false
        settings.impossibleTravel.enabled = false
        settings.terminatedUser.enabled = false
        settings.failedLogins.enabled = false
        settings.unusualAdmin.enabled = false
        settings.unusualImpersonation.enabled = false
    }

    /// The policies of every file under `paths` (as `palisade policies test` finds them); a file
    /// that does not parse, or a name given twice, stops the command.
    static func policies(_ paths: [String]) throws(CommandFailure) -> [ActivityPolicy] {
        var policies: [ActivityPolicy] = []
        var files: [String: String] = [:]
        for path in paths {
            for file in try PoliciesTest.policyFiles(path) {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CommandFailure("\(file): cannot read it as UTF-8 text (\(error.localizedDescription))")
                }
                let policy: ActivityPolicy
                do throws(PolicyError) {
                    policy = try ActivityPolicy.parse(text, file: file)
                } catch {
                    throw CommandFailure("\(error)")
                }
                if let other = files[policy.name] {
                    throw CommandFailure("\(file): the policy name \"\(policy.name)\" is also \(other)'s; names are unique")
                }
                files[policy.name] = file
                policies.append(policy)
            }
        }
        return policies
    }

    /// The GeoIP database at `path`.
    static func geoip(_ path: String) throws(CommandFailure) -> GeoIPDatabase {
        do {
            return try GeoIPDatabase(path: path)
        } catch {
            throw CommandFailure("--geoip \(path): \(error)")
        }
    }

    /// The lookup table of the ranges in `path`: an `IPRangeList` in its JSON mapping.
    static func ipRanges(_ path: String) throws(CommandFailure) -> IPRangeTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("--ip-ranges \(path): cannot be read; check that it exists and that this process may read it")
        }
        let list: IPRangeList
        do {
            list = try WireJSONDecoder().decode(IPRangeList.self, from: [UInt8](data))
        } catch {
            throw CommandFailure(
                "--ip-ranges \(path): not an IPRangeList in JSON (\(error.message)); write one with `palisade ip-ranges list --json`")
        }
        var ranges: [CatalogueRange] = []
        for message in list.ranges {
            do {
                ranges.append(try CatalogueRange(message: message))
            } catch {
                throw CommandFailure("--ip-ranges \(path): range \"\(message.name)\": \(error.description)")
            }
        }
        return IPRangeTable(ranges)
    }

    /// `1000 lines: 998 activities (998 Slack entries), 1 skipped; 12 findings (anonymous_ip 3, policy "x" 9) in 0.41 s`.
    func summary(_ summary: FileDetectionSummary) -> String {
        var read = "\(summary.lines) lines: \(summary.activities) activities (\(summary.slackEntries) Slack entries)"
        if summary.badLines > 0 { read += ", \(summary.badLines) skipped" }
        var counts = summary.byDetector.map { (name: ValueNames.name(of: $0.key, in: Detector.named) ?? "\($0.key)", count: $0.value) }
        counts += summary.byPolicy.map { (name: "policy \"\($0.key)\"", count: $0.value) }
        counts.sort { ($0.count, $1.name) > ($1.count, $0.name) }
        let listed = counts.isEmpty ? "" : " (" + counts.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ")"
        let enabled = policies.filter(\.enabled).count
        var ran = "\(builtin ? "built-in detections and " : "")\(enabled) \(enabled == 1 ? "policy" : "policies")"
        if enabled < policies.count { ran += " (\(policies.count - enabled) disabled in their files)" }
        var line = "\(read); \(ran); \(summary.findings) findings\(listed) in \(String(format: "%.2f", summary.seconds)) s"
        if summary.outOfOrder > 0 {
            line += "; warning: \(summary.outOfOrder) activities older than one before them (give the file oldest first)"
        }
        return line
    }
}

/// `--settings`: the `detections` section's keys at the top of the file.
private struct SettingsFile: Decodable, ValidatableConfig {
    let section: DetectionsSection

    init(from decoder: any Decoder) throws {
        section = try DetectionsSection(from: decoder)
    }

    func validate() throws(ConfigError) {
        for limit in DetectionsSection.limits {
            try checkRange(limit.value(section.settings), limit.range, key: limit.key)
        }
    }
}
