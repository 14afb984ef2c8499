/// Fills the period with everyday activity: exactly `count` entries.
///
/// It first lays out sessions (a weekday work session starting in the local morning, sometimes an
/// evening mobile session, rarely a weekend one), then shares the entries among them in proportion
/// to their length and the person's activity level, by cumulative rounding so the shares add up
/// to `count` exactly. A session usually opens with `user_login` and may end with `user_logout`.
struct BackgroundPlanner {
    private struct Session {
        var user: Int32
        var device: Int8
        var login: Bool
        var logout: Bool
        var start: Int64
        var end: Int64
        var weight: Double
    }

    let configuration: ScenarioConfiguration
    /// Per person: no background activity at or after this time (deactivated people).
    var cutoffs: [Int: Int64]
    /// People the background must not deactivate (incident users).
    var reserved: Set<Int>

    func fill(count: Int, into entries: inout [SimEntry], maker: inout ActivityMaker) {
        guard count > 0 else { return }
        var random = ScenarioRandom(seed: configuration.seed, stream: 3)
        let org = maker.organization
        let start = configuration.start, end = configuration.end
        var remaining = count
        var cutoffs = self.cutoffs

        // Leavers: about one person in a hundred is deactivated during the period and goes quiet.
        let candidates = (0..<org.people).filter { !org.users[$0].isAdmin && !reserved.contains($0) && cutoffs[$0] == nil }
        let admins = (0..<org.people).filter { org.users[$0].isAdmin }
        let leaverCount = min(candidates.count, max(1, org.people / 100), remaining / 20)
        for index in random.sample(leaverCount, of: candidates.count) {
            let user = candidates[index]
            let span = end - start
            let date = start + span / 10 + Int64(random.below(Int(max(1, span * 8 / 10))))
            let admin = admins.isEmpty ? user : random.pick(admins)
            entries.append(maker.userDeactivated(maker.usualContext(user: admin, device: 1, date: date), at: date, target: user))
            cutoffs[user] = date
            remaining -= 1
        }

        // Bots: a few percent of the log, around the clock.
        let bots = maker.botApps
        let botCount = bots.isEmpty ? 0 : remaining * 4 / 100
        for _ in 0..<botCount {
            entries.append(maker.botActivity(app: random.pick(bots), at: random.between(start, end), random: &random))
        }
        remaining -= botCount

        let sessions = layOutSessions(org: org, cutoffs: cutoffs, random: &random)
        let totalWeight = sessions.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else {
            // A period too short for any session (cut-offs everywhere): spread plain activity.
            for _ in 0..<remaining {
                let date = random.between(start, end)
                let user = random.below(org.people)
                entries.append(
                    maker.randomActivity(
                        maker.usualContext(user: user, device: 1, date: date), at: date,
                        rates: ActivityRates(), random: &random))
            }
            return
        }
        let adminShare = sessions.reduce(0) { org.users[Int($1.user)].isAdmin ? $0 + $1.weight : $0 } / totalWeight
        let days = Double(max(1, configuration.days))
        let perEntry = 1 / Double(max(1, remaining))
        var rates = ActivityRates()
        rates.admin = min(0.05, Double(max(1, admins.count)) * days * 6 / max(1, Double(remaining) * adminShare))
        rates.anomaly = min(0.002, (days * 2 + 1) * perEntry)
        rates.failedLogin = min(0.003, Double(org.people) * days * 0.03 * perEntry)

        var cumulative = 0.0
        var assigned = 0
        for session in sessions {
            cumulative += session.weight
            let upto = session.weight == 0 ? assigned : Int((cumulative / totalWeight * Double(remaining)).rounded())
            let n = min(upto, remaining) - assigned
            assigned += max(0, n)
            if n > 0 { emit(session, count: n, into: &entries, maker: &maker, rates: rates, random: &random) }
        }
        // Rounding of the last cumulative share is exact (cumulative == totalWeight up to one ulp).
        var last = sessions.count - 1
        while assigned < remaining, last >= 0 {
            emit(sessions[last], count: 1, into: &entries, maker: &maker, rates: rates, random: &random)
            assigned += 1
            last = (last + sessions.count - 1) % sessions.count
        }
    }

    private func emit(
        _ s: Session, count: Int, into entries: inout [SimEntry], maker: inout ActivityMaker,
        rates: ActivityRates, random: inout ScenarioRandom
    ) {
        let a = maker.usualContext(user: Int(s.user), device: Int(s.device), date: s.start)
        var n = count
        if s.login {
            entries.append(maker.login(a, at: s.start))
            n -= 1
        }
        let logout = s.logout && n >= 2
        if logout { n -= 1 }
        for _ in 0..<max(0, n) {
            entries.append(maker.randomActivity(a, at: random.between(s.start, s.end), rates: rates, random: &random))
        }
        if logout { entries.append(maker.logout(a, at: s.end)) }
    }

    private func layOutSessions(org: SimOrganization, cutoffs: [Int: Int64], random: inout ScenarioRandom) -> [Session] {
        let start = configuration.start, end = configuration.end
        var sessions: [Session] = []
        for user in 0..<org.people {
            let activity = 0.3 + 1.7 * random.unit() * random.unit().squareRoot()
            let offset = Int64(org.sites[org.users[user].site].utcOffset)
            let stop = min(end, (cutoffs[user] ?? Int64.max) - 1)
            let firstDay = Self.floorDiv(start + offset, 86_400)
            let lastDay = Self.floorDiv(end + offset, 86_400)
            guard firstDay <= lastDay else { continue }
            for day in firstDay...lastDay {
                let midnight = day * 86_400 - offset
                let weekday = ((day % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
                var planned: [(from: Int64, length: Int64, device: Int8, login: Double, factor: Double)] = []
                if weekday != 0 && weekday != 6 {
                    if random.chance(0.93) {
                        let from = 27_000 + Int64(random.below(5_400) + random.below(5_400))  // 07:30–10:30
                        planned.append((from, 18_000 + Int64(random.below(18_000)), random.chance(0.7) ? 0 : 1, 0.7, 1))
                    }
                    if random.chance(0.25) {
                        planned.append((68_400 + Int64(random.below(12_600)), 1_200 + Int64(random.below(4_200)), 2, 0.4, 0.6))
                    }
                } else if random.chance(0.2) {
                    planned.append(
                        (
                            36_000 + Int64(random.below(36_000)), 1_200 + Int64(random.below(7_800)),
                            random.chance(0.8) ? 2 : 0, 0.4, 0.6
                        ))
                }
                for p in planned {
                    let from = max(start, midnight + p.from)
                    let to = min(stop, midnight + p.from + p.length)
                    guard to - from >= 60 else { continue }
                    // A session already running when the period begins signed in before it.
                    let login = random.chance(p.login) && from == midnight + p.from
                    sessions.append(
                        Session(
                            user: Int32(user), device: p.device, login: login,
                            logout: random.chance(0.35), start: from, end: to,
                            weight: activity * p.factor * Double(to - from) / 3_600))
                }
            }
        }
        return sessions
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
