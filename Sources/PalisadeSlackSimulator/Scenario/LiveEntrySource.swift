/// Background activity after the scenario's period, one entry at a time, for the simulator's live mode.
///
/// Draws the same everyday mix as the scenario's background (people in their working hours
/// preferred, a few bot entries), with ids in a counter range no scenario reaches.
public struct LiveEntrySource: Sendable {
    private var maker: ActivityMaker
    private var random: ScenarioRandom
    private let rates: ActivityRates

    /// Makes a source for `organization`; equal seeds give equal sequences for equal dates.
    public init(organization: SimOrganization, seed: UInt64) {
        maker = ActivityMaker(
            fragments: OrgFragments(organization),
            ids: EntryIDSource(seed: seed, stream: 2, firstCounter: 1 << 52))
        random = ScenarioRandom(seed: seed, stream: 5)
        var rates = ActivityRates()
        rates.admin = 0.02
        rates.anomaly = 0.0005
        rates.failedLogin = 0.002
        self.rates = rates
    }

    /// One plausible background entry dated `date`.
    public mutating func next(at date: Int64) -> SimEntry {
        let org = maker.organization
        let bots = maker.botApps
        if !bots.isEmpty, random.chance(0.04) {
            return maker.botActivity(app: random.pick(bots), at: date, random: &random)
        }
        // Up to four draws for someone inside their local working day; else the last one drawn.
        var user = random.below(org.people)
        for _ in 0..<4 {
            let local = date + Int64(org.sites[org.users[user].site].utcOffset)
            let hour = BackgroundPlanner.floorDiv(local, 3_600) % 24
            let weekday = (BackgroundPlanner.floorDiv(local, 86_400) % 7 + 11) % 7
            if (8..<19).contains(hour), weekday != 0, weekday != 6 { break }
            user = random.below(org.people)
        }
        let a = maker.usualContext(user: user, device: random.below(3), date: date)
        if random.chance(0.03) { return maker.login(a, at: date) }
        return maker.randomActivity(a, at: date, rates: rates, random: &random)
    }
}
