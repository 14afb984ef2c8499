/// Builds the organisation of a scenario from its configuration.
///
/// Draws come from their own random stream so that the organisation for a seed does not depend
/// on `entries`, `days` or `incidents`.
struct OrganizationBuilder {
    private var random: ScenarioRandom
    private var usedIDs: Set<String> = []

    init(seed: UInt64) {
        random = ScenarioRandom(seed: seed, stream: 1)
    }

    /// Slack-style id: prefix + 10 upper-case alphanumerics, unique within the organisation.
    mutating func slackID(_ prefix: String) -> String {
        while true {
            var id = prefix
            var bits = random.next()
            for _ in 0..<10 {
                id.unicodeScalars.append(Self.idAlphabet[Int(bits % 36)])
                bits /= 36
            }
            if usedIDs.insert(id).inserted { return id }
        }
    }

    private static let idAlphabet: [Unicode.Scalar] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)

    mutating func build(_ configuration: ScenarioConfiguration) -> SimOrganization {
        let company = random.pick(NameLists.companies)
        let domain = company.lowercased().filter { $0.isLetter }
        let enterpriseID = slackID("E")
        let sites = SimSite.all
        var workspaces: [SimWorkspace] = []
        for i in 0..<max(1, configuration.workspaces) {
            let department = NameLists.departments[i % NameLists.departments.count]
            let suffix = i < NameLists.departments.count ? "" : " \(i / NameLists.departments.count + 1)"
            let name = "\(company) \(department)\(suffix)"
            let wsDomain = domain + "-" + (department + suffix).lowercased().filter { $0.isLetter || $0.isNumber }
            workspaces.append(SimWorkspace(id: slackID("T"), name: name, domain: wsDomain))
        }
        let people = max(1, configuration.users)
        let owners = people >= 50 ? 2 : 1
        let admins = max(2, people / 40)
        // People cluster in the big offices; homes and small offices get fewer.
        let peopleSites = sites.indices.filter { sites[$0].category == .office || sites[$0].category == .home }
        let siteWeights = peopleSites.map { i -> Double in
            switch sites[i].key {
            case "london", "new-york", "san-francisco": return 6
            case "frankfurt", "paris", "tokyo", "sydney", "sao-paulo", "bengaluru", "toronto", "singapore": return 2.5
            default: return 0.6
            }
        }
        var users: [SimUser] = []
        var emails: Set<String> = []
        for i in 0..<people {
            let first = random.pick(NameLists.firstNames)
            let last = random.pick(NameLists.lastNames)
            // One in 37 people goes by a quoted nickname, which exercises JSON escaping.
            let name =
                i % 37 == 7
                ? "\(first.display) \"\(random.pick(NameLists.nicknames))\" \(last.display)" : "\(first.display) \(last.display)"
            var local = "\(first.ascii).\(last.ascii)"
            if emails.contains(local) { local += String(i) }
            emails.insert(local)
            let role: SimRole = i < owners ? .owner : (i < owners + admins ? .admin : .member)
            let workspace = random.below(workspaces.count)
            let site = peopleSites[random.weighted(siteWeights)]
            users.append(
                SimUser(
                    id: slackID("W"), name: name, email: "\(local)@\(domain).com",
                    team: role == .member ? workspaces[workspace].id : enterpriseID,
                    workspace: workspace, site: site, role: role, appID: nil))
        }
        var apps: [SimApp] = []
        for template in NameLists.apps {
            let workspace = random.below(workspaces.count)
            let appID = slackID("A")
            let creator = users[random.below(people)].id
            var botUser: Int?
            if template.token == .bot {
                let teamID = workspaces[workspace].id
                botUser = users.count
                users.append(
                    SimUser(
                        id: slackID("W"), name: template.name,
                        email: "botuser-\(teamID)-\(appID)@slack-bots.com", team: teamID,
                        workspace: workspace, site: sites.firstIndex { $0.category == .cloud } ?? 0,
                        role: .bot, appID: appID))
            }
            apps.append(
                SimApp(
                    id: appID, name: template.name, token: template.token,
                    scopes: template.token == .user ? template.scopes : [],
                    botScopes: template.token == .bot ? template.scopes : [],
                    team: workspaces[workspace].id, creator: creator,
                    isDistributed: template.distributed, isDirectoryApproved: template.approved,
                    botUser: botUser, isIncidentApp: template.incident))
        }
        return SimOrganization(
            id: enterpriseID, name: company, domain: domain, emailDomain: "\(domain).com",
            workspaces: workspaces, users: users, people: people, apps: apps, sites: sites)
    }
}
