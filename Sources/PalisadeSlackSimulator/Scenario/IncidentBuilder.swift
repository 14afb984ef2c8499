/// Injects the labelled incidents: each gets its own time slot in the period and its own people.
///
/// Sizes are full for `entries` ≥ 2,000 and shrink (to a recognisable minimum) below that;
/// incidents are dropped from the end of `ScenarioLabel.kinds` only if even their minimum would
/// take more than half of all entries.
struct IncidentBuilder {
    let configuration: ScenarioConfiguration
    var random: ScenarioRandom
    /// Factor applied to incident sizes: 1 from 2,000 entries up, smaller below.
    var scale: Double

    /// Output: the entries, labels, background cut-offs (deactivated people) and people in incidents.
    var entries: [SimEntry] = []
    var labels: [ScenarioLabel] = []
    var cutoffs: [Int: Int64] = [:]
    var reserved: Set<Int> = []

    init(configuration: ScenarioConfiguration) {
        self.configuration = configuration
        random = ScenarioRandom(seed: configuration.seed, stream: 4)
        scale = min(1, Double(configuration.entries) / 2_000)
    }

    /// `full` scaled down for small scenarios, never below `minimum`.
    func size(_ full: Int, minimum: Int) -> Int {
        max(minimum, Int((Double(full) * scale).rounded()))
    }

    /// Minimum entries of each kind (same order as `ScenarioLabel.kinds`), used to decide what fits.
    private func estimatedSize(_ kind: String) -> Int {
        switch kind {
        case "impossible_travel": return size(6, minimum: 2)
        case "tor_login", "anonymous_vpn_login": return size(4, minimum: 2)
        case "password_spraying": return size(30, minimum: 6)
        case "repeated_failed_logins": return size(12, minimum: 5) + 1
        case "admin_spree": return size(25, minimum: 8)
        case "mass_download": return size(80, minimum: 15)
        case "deprovisioned_user_activity": return size(5, minimum: 2) + 1
        default: return size(15, minimum: 3) + 1
        }
    }

    mutating func build(maker: inout ActivityMaker) {
        let org = maker.organization
        var kinds = ScenarioLabel.kinds
        while !kinds.isEmpty, kinds.reduce(0, { $0 + estimatedSize($1) }) * 2 > configuration.entries {
            kinds.removeLast()
        }
        guard !kinds.isEmpty else { return }
        // Slots: the period minus a margin at each end, cut in equal parts, handed out shuffled.
        let margin = min(Int64(7_200), Int64(max(1, configuration.days)) * 86_400 / 20)
        // Quiet days (at most all but one) come before the first slot.
        let quiet = Int64(min(max(0, configuration.quietDays), max(1, configuration.days) - 1)) * 86_400
        let first = configuration.start + quiet + margin
        let slot = max(1, (configuration.end - margin - first) / Int64(kinds.count))
        var order = Array(0..<kinds.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, random.below(i + 1))
        }
        // People: members only for the actor of an incident, admins for the spree; distinct.
        let members = (0..<org.people).filter { !org.users[$0].isAdmin }
        var pool = random.sample(members.count, of: members.count).map { members[$0] }
        let admins = (0..<org.people).filter { org.users[$0].isAdmin }
        for (i, kind) in kinds.enumerated() {
            let slotStart = first + Int64(order[i]) * slot
            let at = slotStart + Int64(random.below(Int(max(1, slot / 3))))
            // With very few people an actor may have to be reused; the incidents stay valid.
            let person = pool.isEmpty ? random.below(org.people) : pool.removeLast()
            reserved.insert(person)
            switch kind {
            case "impossible_travel": impossibleTravel(person, at: at, maker: &maker)
            case "tor_login": anonymousLogin(person, at: at, category: .tor, maker: &maker)
            case "anonymous_vpn_login": anonymousLogin(person, at: at, category: .vpn, maker: &maker)
            case "password_spraying": passwordSpraying(at: at, maker: &maker)
            case "repeated_failed_logins": repeatedFailedLogins(person, at: at, maker: &maker)
            case "admin_spree": adminSpree(admins.isEmpty ? person : random.pick(admins), at: at, maker: &maker)
            case "mass_download": massDownload(person, at: at, maker: &maker)
            case "deprovisioned_user_activity":
                let admin = admins.isEmpty ? person : random.pick(admins)
                deprovisionedActivity(person, by: admin, at: at, window: max(120, slot / 2), maker: &maker)
            default: newAppActingForUsers(installer: person, at: at, maker: &maker)
            }
        }
    }

    /// Records `made` as one incident.
    mutating func label(_ kind: String, _ description: String, users: [Int], _ made: [SimEntry], org: SimOrganization) {
        let sorted = made.sorted(by: SimEntry.isOlder)
        entries.append(contentsOf: sorted)
        let end = configuration.end
        labels.append(
            ScenarioLabel(
                kind: kind, description: description, userIDs: users.map { org.users[$0].id },
                entryIDs: sorted.map(\.id), start: sorted.first?.dateCreate ?? end,
                end: sorted.last?.dateCreate ?? end))
    }

    /// Keeps incident times inside the period.
    func clamp(_ date: Int64) -> Int64 {
        min(configuration.end, max(configuration.start, date))
    }
}
