/// The nine incident kinds, each written from the same entry kinds as the background.
extension IncidentBuilder {
    /// A new session id for a sign-in the background never made.
    private mutating func freshSession() -> UInt64 {
        100_000_000_000 + random.next() % 900_000_000_000
    }

    /// An address in a site of `category` (Tor, VPN, cloud).
    private mutating func foreign(_ category: SimSiteCategory, org: SimOrganization) -> (site: Int, host: Int) {
        let sites = org.sites(category)
        return (sites.isEmpty ? 0 : random.pick(sites), 2 + random.below(250))
    }

    /// `count` entries made in a row from `date`, as a script or a busy person makes them:
    /// `make(&builder, k, t)` writes the k-th at `t`, and the next comes `gap` plus up to
    /// `jitter` seconds later. The entries, and the time after the last.
    private mutating func burst(
        _ count: Int, from date: Int64, gap: Int64, jitter: Int, _ make: (inout IncidentBuilder, Int, Int64) -> SimEntry
    ) -> (made: [SimEntry], end: Int64) {
        var made: [SimEntry] = []
        var t = clamp(date)
        for k in 0..<count {
            made.append(make(&self, k, t))
            t = clamp(t + gap + Int64(random.below(jitter)))
        }
        return (made, t)
    }

    mutating func impossibleTravel(_ user: Int, at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        let home = org.users[user].site
        // A far office or home site (over 6,000 km; the table always has one for every site).
        let people = org.sites.indices.filter { org.sites[$0].category == .office || org.sites[$0].category == .home }
        let far = people.filter { org.sites[home].distance(to: org.sites[$0]) > 6_000 }
        let away =
            far.isEmpty
            ? (people.max { org.sites[home].distance(to: org.sites[$0]) < org.sites[home].distance(to: org.sites[$1]) } ?? home)
            : random.pick(far)
        let a = maker.usualContext(user: user, device: 0, date: date)
        var b = a
        b.site = away
        b.host = 2 + random.below(250)
        b.userAgent = UserAgents.webRange.lowerBound + random.below(UserAgents.web.count)
        b.session = freshSession()
        let gap = Int64(1_200 + random.below(1_800))  // 20–50 minutes
        let t0 = clamp(date), t1 = clamp(date + gap)
        let extra = size(4, minimum: 0) / 2
        var made = [maker.login(a, at: t0), maker.login(b, at: t1)]
        for k in 0..<extra {
            made.append(maker.fileDownloaded(a, at: clamp(t0 + 60 + Int64(k) * 90), file: random.below(OrgFragments.filesPerWorkspace)))
            made.append(maker.fileDownloaded(b, at: clamp(t1 + 60 + Int64(k) * 90), file: random.below(OrgFragments.filesPerWorkspace)))
        }
        let km = Int(org.sites[home].distance(to: org.sites[away]))
        label(
            "impossible_travel",
            "\(org.users[user].name) signed in from \(org.sites[home].city), \(org.sites[home].country) and \(t1 - t0) s later from \(org.sites[away].city), \(org.sites[away].country), \(km) km away",
            users: [user], made, org: org)
    }

    mutating func anonymousLogin(_ user: Int, at date: Int64, category: SimSiteCategory, maker: inout ActivityMaker) {
        let org = maker.organization
        var a = maker.usualContext(user: user, device: 1, date: date)
        let usual = a
        (a.site, a.host) = foreign(category, org: org)
        a.session = freshSession()
        // Tor Browser and most VPN users run a desktop browser; Firefox is the Tor Browser's base.
        a.userAgent = UserAgents.webRange.lowerBound + (category == .tor ? 2 : random.below(UserAgents.web.count))
        let t0 = clamp(date)
        var made = [maker.login(a, at: t0)]
        if category == .tor {
            made.append(maker.anomaly(a, at: clamp(t0 + 5), reasons: ["tor", "ip_address"], ipDetails: ["in-ioc-list"], previous: usual))
        }
        for k in 0..<(size(4, minimum: 2) - made.count) {
            made.append(maker.fileDownloaded(a, at: clamp(t0 + 40 + Int64(k) * 75), file: random.below(OrgFragments.filesPerWorkspace)))
        }
        let site = org.sites[a.site]
        let kind = category == .tor ? "tor_login" : "anonymous_vpn_login"
        label(
            kind,
            "\(org.users[user].name) signed in from \(category == .tor ? "Tor exit" : "anonymising VPN") \(site.address(host: a.host)) (\(site.city), \(site.country))",
            users: [user], made, org: org)
    }

    mutating func passwordSpraying(at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        let (site, host) = foreign(.vpn, org: org)
        let targets = random.sample(min(org.people, size(30, minimum: 6)), of: org.people)
        reserved.formUnion(targets)
        let (made, t) = burst(targets.count, from: date, gap: 3, jitter: 10) { _, k, t in
            var a = maker.usualContext(user: targets[k], device: 1, date: t)
            a.site = site
            a.host = host
            a.userAgent = UserAgents.scriptRange.lowerBound
            return maker.loginFailed(a, at: t)
        }
        label(
            "password_spraying",
            "\(targets.count) failed sign-ins for \(targets.count) different users from \(org.sites[site].address(host: host)) within \(t - clamp(date)) s",
            users: targets, made, org: org)
    }

    mutating func repeatedFailedLogins(_ user: Int, at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        var a = maker.usualContext(user: user, device: 1, date: date)
        (a.site, a.host) = foreign(.cloud, org: org)
        a.session = freshSession()
        let failures = size(12, minimum: 5)
        var (made, t) = burst(failures, from: date, gap: 10, jitter: 30) { _, _, t in maker.loginFailed(a, at: t) }
        made.append(maker.login(a, at: t))
        label(
            "repeated_failed_logins",
            "\(failures) failed sign-ins for \(org.users[user].name) from \(org.sites[a.site].address(host: a.host)), then a successful one",
            users: [user], made, org: org)
    }

    mutating func adminSpree(_ admin: Int, at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        let a = maker.usualContext(user: admin, device: 1, date: date)
        let count = size(25, minimum: 8)
        let (made, t) = burst(count, from: date, gap: 5, jitter: 20) { builder, _, t in
            let kind = builder.random.pick(ActivityMaker.AdminKind.allCases)
            return maker.admin(kind, a, at: t, target: builder.random.below(org.people), random: &builder.random)
        }
        label(
            "admin_spree",
            "\(org.users[admin].name) (\(org.users[admin].role.rawValue)) made \(count) admin changes in \(t - clamp(date)) s",
            users: [admin], made, org: org)
    }

    mutating func massDownload(_ user: Int, at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        let a = maker.usualContext(user: user, device: 1, date: date)
        let count = min(OrgFragments.filesPerWorkspace, size(80, minimum: 15))
        let base = random.below(OrgFragments.filesPerWorkspace)
        // Consecutive catalogue indices (mod the catalogue size) are distinct files.
        let (made, t) = burst(count, from: date, gap: 2, jitter: 6) { _, k, t in
            maker.fileDownloaded(a, at: t, file: (base + k) % OrgFragments.filesPerWorkspace)
        }
        label(
            "mass_download", "\(org.users[user].name) downloaded \(count) distinct files in \(t - clamp(date)) s",
            users: [user], made, org: org)
    }

    mutating func deprovisionedActivity(_ user: Int, by admin: Int, at date: Int64, window: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        let t0 = clamp(date)
        var made = [maker.userDeactivated(maker.usualContext(user: admin, device: 1, date: t0), at: t0, target: user)]
        cutoffs[user] = t0
        var t = clamp(t0 + min(window, 600 + Int64(random.below(10_200))))  // 10 minutes to 3 hours later
        let a = maker.usualContext(user: user, device: 2, date: t)
        made.append(maker.login(a, at: t))
        for _ in 1..<size(5, minimum: 2) {
            t = clamp(t + 30 + Int64(random.below(120)))
            made.append(maker.fileDownloaded(a, at: t, file: random.below(OrgFragments.filesPerWorkspace)))
        }
        label(
            "deprovisioned_user_activity",
            "\(org.users[admin].name) deactivated \(org.users[user].name); the account was used \(made[1].dateCreate - t0) s later",
            users: [user], made, org: org)
    }

    mutating func newAppActingForUsers(installer: Int, at date: Int64, maker: inout ActivityMaker) {
        let org = maker.organization
        guard let app = org.apps.firstIndex(where: \.isIncidentApp) else { return }
        let t0 = clamp(date)
        var made = [maker.appLifecycle(.appInstalled, maker.usualContext(user: installer, device: 1, date: t0), at: t0, app: app)]
        // Not the deactivated person: their later activity belongs to the other incident alone.
        let eligible = (0..<org.people).filter { cutoffs[$0] == nil }
        let targets = random.sample(min(eligible.count, size(15, minimum: 3)), of: eligible.count).map { eligible[$0] }
        reserved.formUnion(targets)
        let (site, host) = foreign(.cloud, org: org)
        var t = t0
        for user in targets {
            t = clamp(t + 20 + Int64(random.below(60)))
            // The app calls Slack from its own server with the user's token: no client session.
            var a = maker.usualContext(user: user, device: 1, date: t)
            a.site = site
            a.host = host
            a.userAgent = UserAgents.scriptRange.lowerBound + 2
            a.session = nil
            made.append(maker.fileDownloaded(a, at: t, file: random.below(OrgFragments.filesPerWorkspace), app: app))
        }
        label(
            "new_app_acting_for_users",
            "\(org.apps[app].name), installed by \(org.users[installer].name), acted for \(targets.count) users it never acted for before",
            users: targets, made, org: org)
    }
}
