import Foundation
import IngestionCore
import PalisadeMessages
import PalisadeNormaliser
import PalisadeSlackSimulator
import Testing

/// What a scenario's entries must become in the activity log, and a tally of the activities
/// read back against it: which entries arrived (each once), which sequences were given, and, for
/// a full check, whether each activity kept the entry's bytes and got the location, category and
/// actor the entry implies.
///
/// The expected country comes from the entry itself: its `context.ip_address` lies in one of the
/// organisation's sites, whose /24 the default GeoIP database places in the site's country
/// (geoip.md; `DefaultDatabaseTests`).
struct ActivityAudit: Sendable {
    let scenario: Scenario
    /// The organisation the activities must carry: the connection's, as the connector learnt it.
    let orgID: String
    private let index: [String: Int]
    private let countries: [String?]
    private let rules = ActionRules()

    private(set) var seen: [Bool]
    private(set) var sequences: [UInt64] = []
    private(set) var duplicates: [String] = []
    private(set) var strangers: [String] = []
    /// Mismatches by kind ("raw", "country", …): how many, and the first few for the message.
    private(set) var mismatches: [String: (count: Int, examples: [String])] = [:]

    init(scenario: Scenario, orgID: String) throws {
        self.scenario = scenario
        self.orgID = orgID
        var index: [String: Int] = [:]
        index.reserveCapacity(scenario.entries.count)
        for (position, entry) in scenario.entries.enumerated() { index[entry.id] = position }
        self.index = index
        var sites: [String: String] = [:]
        for site in scenario.organization.sites {
            let octets = site.prefix.split(separator: "/")[0].split(separator: ".").prefix(3)
            sites[octets.joined(separator: ".")] = site.country
        }
        countries = try scenario.entries.map { entry in
            guard let address = try Self.address(of: entry) else { return nil }
            return sites[address.split(separator: ".").prefix(3).joined(separator: ".")]
        }
        seen = Array(repeating: false, count: scenario.entries.count)
        sequences.reserveCapacity(scenario.entries.count)
    }

    /// Counts the activity `sequence` holding entry `entryID`; returns the entry's position in
    /// the scenario when it is the entry's first.
    @discardableResult
    mutating func add(sequence: UInt64, entryID: String) -> Int? {
        sequences.append(sequence)
        guard let position = index[entryID] else {
            if strangers.count < 5 { strangers.append(entryID) }
            return nil
        }
        if seen[position] {
            duplicates.append(entryID)
            return nil
        }
        seen[position] = true
        return position
    }

    /// Counts `activity`; with `full`, also compares it with its entry.
    mutating func add(_ activity: Activity, full: Bool) {
        add(Observed(activity), full: full)
    }

    /// Counts `activity`; with `full`, also compares it with its entry.
    mutating func add(_ activity: Observed, full: Bool) {
        guard let position = add(sequence: activity.sequence, entryID: activity.entryID), full else { return }
        let entry = scenario.entries[position]
        if activity.raw != entry.json { mismatch("raw", entry.id) }
        if countries[position] == nil || activity.country != countries[position] {
            let found = "\(activity.ip) → \(activity.country ?? "none")"
            mismatch("country", "\(entry.id): \(found), expected \(countries[position] ?? "no site")")
        }
        let category = rules.verdict(for: entry.action).category.rawValue
        if activity.category != category { mismatch("category", "\(entry.id) \(entry.action): \(activity.category), expected \(category)") }
        if activity.actorID != entry.actorID { mismatch("actor.id", "\(entry.id): \(activity.actorID ?? "none")") }
        if activity.orgID != orgID { mismatch("orgID", "\(entry.id): \(activity.orgID), expected \(orgID)") }
    }

    private mutating func mismatch(_ kind: String, _ example: String) {
        var current = mismatches[kind] ?? (0, [])
        current.count += 1
        if current.examples.count < 3 { current.examples.append(example) }
        mismatches[kind] = current
    }

    /// Expects every entry of the scenario exactly once, nothing else, sequences exactly
    /// 1…count, and (after full checks) no mismatch; `what` names the source in the messages.
    func expectComplete(_ what: String) {
        let missing = seen.indices.filter { !seen[$0] }
        let missingIDs = missing.prefix(3).map { scenario.entries[$0].id }
        #expect(missing.isEmpty, "\(what): \(missing.count) of \(scenario.entries.count) entries missing, e.g. \(missingIDs)")
        #expect(duplicates.isEmpty, "\(what): \(duplicates.count) entries twice, e.g. \(duplicates.prefix(3))")
        #expect(strangers.isEmpty, "\(what): entries the simulator never served, e.g. \(strangers)")
        let sorted = sequences.sorted()
        let firstGap = sorted.indices.first { sorted[$0] != UInt64($0 + 1) }
        let gapText = firstGap.map { "at position \($0): \(sorted[$0])" } ?? "none"
        #expect(sorted.count == scenario.entries.count, "\(what): \(sorted.count) sequences for \(scenario.entries.count) entries")
        #expect(firstGap == nil, "\(what): sequences are not exactly 1…\(sorted.count); first difference \(gapText)")
        for (kind, found) in mismatches.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(what): \(found.count) activities with a wrong \(kind), e.g. \(found.examples)")
        }
    }

    /// The entry's `context.ip_address`, read with Foundation's parser (not the normaliser under test).
    private static func address(of entry: SimEntry) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(entry.json)) as? [String: Any]
        let context = object?["context"] as? [String: Any]
        return context?["ip_address"] as? String
    }
}
