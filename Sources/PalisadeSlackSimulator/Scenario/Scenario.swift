/// A generated audit log: the organisation, its entries over the period, and the injected incidents.
public struct Scenario: Sendable {
    /// What was asked for.
    public let configuration: ScenarioConfiguration
    /// Enterprise, workspaces, users, apps and sites.
    public let organization: SimOrganization
    /// Exactly `configuration.entries` entries, sorted ascending by `SimEntry.isOlder`.
    public let entries: [SimEntry]
    /// The incidents, in `ScenarioLabel.kinds` order.
    public let labels: [ScenarioLabel]

    /// Generates the scenario; the same configuration always gives byte-identical entries.
    ///
    /// Incidents are written first (if enabled), then background activity fills the rest, so the
    /// count is exact. Each part draws from its own random stream.
    public static func generate(_ configuration: ScenarioConfiguration) -> Scenario {
        var configuration = configuration
        configuration.users = max(1, configuration.users)
        configuration.workspaces = max(1, configuration.workspaces)
        configuration.days = max(1, configuration.days)
        configuration.entries = max(0, configuration.entries)
        var builder = OrganizationBuilder(seed: configuration.seed)
        let organization = builder.build(configuration)
        let fragments = OrgFragments(organization)
        var maker = ActivityMaker(fragments: fragments, ids: EntryIDSource(seed: configuration.seed, stream: 2))
        var entries: [SimEntry] = []
        entries.reserveCapacity(configuration.entries)
        var labels: [ScenarioLabel] = []
        var planner = BackgroundPlanner(configuration: configuration, cutoffs: [:], reserved: [])
        if configuration.incidents {
            var incidents = IncidentBuilder(configuration: configuration)
            incidents.build(maker: &maker)
            entries.append(contentsOf: incidents.entries)
            labels = incidents.labels
            planner.cutoffs = incidents.cutoffs
            planner.reserved = incidents.reserved
        }
        planner.fill(count: configuration.entries - entries.count, into: &entries, maker: &maker)
        return Scenario(configuration: configuration, organization: organization, entries: sortedByAge(entries), labels: labels)
    }

    /// Sorts by `SimEntry.isOlder` without copying entries: sorting `SimEntry` values directly, or
    /// gathering them with `map`, spends most of its time retaining and releasing their six
    /// references. Ids are fixed-width lower-case hex, so comparing their 128-bit values orders
    /// them as the strings would be ordered.
    static func sortedByAge(_ input: [SimEntry]) -> [SimEntry] {
        var entries = input
        var keys: [(date: Int64, high: UInt64, low: UInt64, index: Int)] = []
        keys.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let (high, low) = idValue(entry.id)
            keys.append((entry.dateCreate, high, low, index))
        }
        keys.sort { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.high != b.high { return a.high < b.high }
            return a.low < b.low
        }
        // Apply the permutation in place, cycle by cycle, with moves only: slot j receives the
        // entry from keys[j].index. Nothing in the loop can trap, so no slot is left moved-from.
        var done = [Bool](repeating: false, count: entries.count)
        entries.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in 0..<buffer.count where !done[start] {
                done[start] = true
                var j = start
                let held = (base + start).move()
                while true {
                    let k = keys[j].index
                    if k == start {
                        (base + j).initialize(to: held)
                        break
                    }
                    (base + j).moveInitialize(from: base + k, count: 1)
                    done[k] = true
                    j = k
                }
            }
        }
        return entries
    }

    /// The 32 hex digits of a UUID-shaped id as two integers (dashes skipped).
    static func idValue(_ id: String) -> (UInt64, UInt64) {
        var id = id
        return id.withUTF8 { bytes in
            var high: UInt64 = 0, low: UInt64 = 0, digits = 0
            for byte in bytes {
                let nibble: UInt64
                if byte >= UInt8(ascii: "a") {
                    nibble = UInt64(byte &- UInt8(ascii: "a") &+ 10)
                } else if byte >= UInt8(ascii: "0") {
                    nibble = UInt64(byte &- UInt8(ascii: "0"))
                } else {
                    continue  // a dash
                }
                if digits < 16 { high = high << 4 | nibble } else { low = low << 4 | nibble }
                digits += 1
            }
            return (high, low)
        }
    }
}
