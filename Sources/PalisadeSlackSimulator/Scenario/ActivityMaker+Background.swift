/// How often the rare kinds of background entries occur, per entry of a person's session.
///
/// They are rates rather than weights because their volume should not grow with `entries`: an
/// admin does a handful of admin actions a day whether the log holds 10k or 1M entries.
struct ActivityRates: Sendable {
    /// Per entry of an admin's session: an admin action.
    var admin: Double = 0.01
    /// Per entry: Slack's own `anomaly` entry about the actor.
    var anomaly: Double = 0.0005
    /// Per entry: a mistyped password (`user_login_failed` from the user's usual address).
    var failedLogin: Double = 0.002
}

/// Everyday activity, drawn from a fixed mix; used by the background filler and the live source.
extension ActivityMaker {
    /// Where `user` usually works from on `date`: home site, a host byte of their own, their
    /// client for `device`, and a session id stable for that user, device and day.
    func usualContext(user: Int, device: Int, date: Int64) -> ActorContext {
        let key = ScenarioRandom.mix(UInt64(user) &* 0x1_0000_0001 ^ UInt64(device) << 48)
        let ua: Int
        switch device {
        case 0: ua = UserAgents.desktopRange.lowerBound + Int(key % UInt64(UserAgents.desktop.count))
        case 1: ua = UserAgents.webRange.lowerBound + Int(key % UInt64(UserAgents.web.count))
        default: ua = UserAgents.mobileRange.lowerBound + Int(key % UInt64(UserAgents.mobile.count))
        }
        let day = UInt64(bitPattern: date / 86_400)
        let session = 100_000_000_000 + ScenarioRandom.mix(key ^ day) % 900_000_000_000
        return ActorContext(
            user: user, workspace: f.userWorkspace[user], site: f.userSite[user],
            host: 2 + Int((key >> 20) % 250), userAgent: ua, session: session)
    }

    /// Member activity weights, in the order of the switch in `randomActivity`.
    private static let weights: [Double] = [26, 9, 7, 0.4, 8, 2, 2.3, 6, 1, 0.5]

    /// One everyday entry by a person in session `a` at `date`.
    mutating func randomActivity(_ a: ActorContext, at date: Int64, rates: ActivityRates, random: inout ScenarioRandom) -> SimEntry {
        if f.isAdmin[a.user], random.chance(rates.admin) {
            // Some admin work is app governance: approving, installing, widening an app's scopes.
            let apps = f.backgroundUserApps + f.botApps
            if !apps.isEmpty, random.chance(0.15) {
                let action = random.pick([AuditAction.appApproved, .appInstalled, .appScopesExpanded])
                return appLifecycle(action, a, at: date, app: random.pick(apps))
            }
            let kind = random.pick(AdminKind.allCases)
            return admin(kind, a, at: date, target: random.below(f.people), random: &random)
        }
        if random.chance(rates.anomaly) {
            let choices: [[String]] = [["session_fingerprint"], ["unexpected_client"], ["user_agent"], ["unexpected_scraping"]]
            return anomaly(a, at: date, reasons: random.pick(choices))
        }
        if random.chance(rates.failedLogin) {
            return loginFailed(a, at: date)
        }
        let apps = f.backgroundUserApps
        let app: Int? = !apps.isEmpty && random.chance(0.12) ? random.pick(apps) : nil
        let file = random.below(OrgFragments.filesPerWorkspace)
        let channel = random.below(OrgFragments.channelsPerWorkspace)
        switch random.weighted(Self.weights) {
        case 0: return fileDownloaded(a, at: date, file: file, app: app, slackbot: app == nil && random.chance(0.04))
        case 1: return fileUploaded(a, at: date, file: file, app: app)
        case 2: return fileShared(a, at: date, file: file, channel: channel, app: app)
        case 3: return filePublicLinkCreated(a, at: date, file: file)
        case 4:
            var inviter: ActorContext?
            if random.chance(0.3) {
                let other = random.below(f.people)
                if other != a.user {
                    inviter = usualContext(user: other, device: 0, date: date)
                    inviter?.workspace = a.workspace
                }
            }
            return channelJoin(a, at: date, channel: channel, inviter: inviter)
        case 5: return channelLeave(a, at: date, channel: channel)
        case 6: return channelCreated(a, at: date, channel: channel)
        case 7:
            return canvas(
                a, at: date, canvas: random.below(OrgFragments.canvasesPerWorkspace), created: false, slackbot: random.chance(0.25))
        case 8: return canvas(a, at: date, canvas: random.below(OrgFragments.canvasesPerWorkspace), created: true, slackbot: false)
        default: return profileUpdated(a, at: date)
        }
    }

    /// The bot-token apps (index into `apps`).
    var botApps: [Int] { f.botApps }

    /// One entry by the bot user of bot-token app `app`: from a cloud address, no session, `context.app.scopes_bot`.
    mutating func botActivity(app: Int, at date: Int64, random: inout ScenarioRandom) -> SimEntry {
        // Invariant: bot-token apps get a bot user when the organisation is built.
        let botUser = f.organization.apps[app].botUser ?? 0
        let clouds = f.cloudSites
        let a = ActorContext(
            user: botUser, workspace: f.userWorkspace[botUser],
            site: clouds.isEmpty ? 0 : clouds[app % clouds.count], host: 10 + app * 7 % 200,
            userAgent: UserAgents.botIndex, session: nil)
        let channel = random.below(OrgFragments.channelsPerWorkspace)
        switch random.below(10) {
        case 0: return channelCreated(a, at: date, channel: channel, app: app)
        case 1, 2, 3: return channelJoin(a, at: date, channel: channel, app: app)
        default: return fileUploaded(a, at: date, file: random.below(OrgFragments.filesPerWorkspace), app: app)
        }
    }
}
