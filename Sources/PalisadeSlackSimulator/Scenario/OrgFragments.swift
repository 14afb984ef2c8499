/// A catalogue object (channel, file, canvas) with its id and its pre-serialised JSON.
struct CatalogItem: Sendable {
    let id: String
    /// `{"type":"…","…":{…}}`, ready to be the entry's `entity`.
    let entity: [UInt8]
    /// `"https://files.slack.com/files-pri/T…-F…/name"` (quoted) for files; empty otherwise.
    let url: [UInt8]
    /// `true` for private channels.
    let isPrivate: Bool
}

/// The organisation's JSON pieces, serialised once so that writing an entry is mostly copying.
///
/// Channels, files and canvases are derived from the organisation alone (hashes of its id), so
/// the live source rebuilt from a `SimOrganization` sees the same catalogue as the scenario.
final class OrgFragments: Sendable {
    let organization: SimOrganization
    /// Per user: `{"type":"user","user":{"id","name","email","team"}}` (actor, entity and inviter alike).
    let userObject: [[UInt8]]
    /// Per workspace: the `context.location` object; `enterpriseLocation` for org-level actions.
    let workspaceLocation: [[UInt8]]
    let enterpriseLocation: [UInt8]
    /// Per workspace: `entity` of type workspace; `enterpriseEntity` of type enterprise.
    let workspaceEntity: [[UInt8]]
    let enterpriseEntity: [UInt8]
    /// Per app: the `context.app` object and the `entity` of type app.
    let appContext: [[UInt8]]
    let appEntity: [[UInt8]]
    /// Per site: `81.2.69.`.
    let siteNetwork: [[UInt8]]
    /// Per workspace: catalogue of channels, files and canvases.
    let channels: [[CatalogItem]]
    let files: [[CatalogItem]]
    let canvases: [[CatalogItem]]

    /// Per user: facts the hot path reads, copied out of `organization` so that reading one does
    /// not retain and release the user's strings.
    let isAdmin: [Bool]
    let userWorkspace: [Int]
    let userSite: [Int]
    let people: Int
    let userIDs: [String]
    let cloudSites: [Int]
    /// User-token apps of everyday activity (never the incident's app) and bot-token apps.
    let backgroundUserApps: [Int]
    let botApps: [Int]

    static let channelsPerWorkspace = 80
    static let filesPerWorkspace = 2_000
    static let canvasesPerWorkspace = 200

    init(_ org: SimOrganization) {
        organization = org
        isAdmin = org.users.map(\.isAdmin)
        userWorkspace = org.users.map(\.workspace)
        userSite = org.users.map(\.site)
        people = org.people
        userIDs = org.users.map(\.id)
        cloudSites = org.sites(.cloud)
        backgroundUserApps = org.apps.indices.filter { org.apps[$0].token == .user && !org.apps[$0].isIncidentApp }
        botApps = org.apps.indices.filter { org.apps[$0].token == .bot }
        userObject = org.users.map { u in
            var j = JSONBytes()
            j.raw("{\"type\":\"user\",\"user\":{\"id\":")
            j.string(u.id)
            j.member("name", u.name)
            j.member("email", u.email)
            j.member("team", u.team)
            j.raw("}}")
            return j.bytes
        }
        /// `"id":…,"name":…,"domain":…`, the body of a location and of a workspace or
        /// enterprise entity.
        func place(_ j: inout JSONBytes, _ id: String, _ name: String, _ domain: String) {
            j.raw("\"id\":")
            j.string(id)
            j.member("name", name)
            j.member("domain", domain)
        }
        func location(_ type: StaticString, _ id: String, _ name: String, _ domain: String) -> [UInt8] {
            var j = JSONBytes()
            j.raw("{\"type\":\"")
            j.raw(type)
            j.raw("\",")
            place(&j, id, name, domain)
            j.raw("}")
            return j.bytes
        }
        func entity(_ type: StaticString, _ id: String, _ name: String, _ domain: String) -> [UInt8] {
            var j = JSONBytes()
            j.raw("{\"type\":\"")
            j.raw(type)
            j.raw("\",\"")
            j.raw(type)
            j.raw("\":{")
            place(&j, id, name, domain)
            j.raw("}}")
            return j.bytes
        }
        /// The fields `context.app` and an app `entity` share, `"id"` through `"scopes"`.
        func appFields(_ j: inout JSONBytes, _ a: SimApp) {
            j.raw("\"id\":")
            j.string(a.id)
            j.member("name", a.name)
            j.member("is_distributed", a.isDistributed)
            j.member("is_directory_approved", a.isDirectoryApproved)
            j.raw(",\"is_workflow_app\":false,\"scopes\":")
            j.strings(a.scopes)
        }
        workspaceLocation = org.workspaces.map { location("workspace", $0.id, $0.name, $0.domain) }
        enterpriseLocation = location("enterprise", org.id, org.name, org.domain)
        workspaceEntity = org.workspaces.map { entity("workspace", $0.id, $0.name, $0.domain) }
        enterpriseEntity = entity("enterprise", org.id, org.name, org.domain)
        appContext = org.apps.map { a in
            var j = JSONBytes()
            j.raw("{")
            appFields(&j, a)
            j.member("scopes_bot", a.botScopes)
            j.member("creator", a.creator)
            j.member("team", a.team)
            j.raw("}")
            return j.bytes
        }
        appEntity = org.apps.map { a in
            var j = JSONBytes()
            j.raw("{\"type\":\"app\",\"app\":{")
            appFields(&j, a)
            j.member("bot_scopes", a.botScopes)
            j.raw("}}")
            return j.bytes
        }
        siteNetwork = org.sites.map { Array($0.networkText.utf8) }
        let orgKey = Self.hash(org.id)
        channels = org.workspaces.indices.map { w in
            (0..<Self.channelsPerWorkspace).map { Self.channel(orgKey: orgKey, workspace: w, index: $0) }
        }
        files = org.workspaces.indices.map { w in
            (0..<Self.filesPerWorkspace).map { Self.file(orgKey: orgKey, team: org.workspaces[w].id, workspace: w, index: $0) }
        }
        canvases = org.workspaces.indices.map { w in
            (0..<Self.canvasesPerWorkspace).map { Self.canvas(orgKey: orgKey, workspace: w, index: $0) }
        }
    }

    /// FNV-1a of the text: a stable key (Swift's `hashValue` is seeded per process).
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Slack-style id from a hash: prefix + 10 upper-case alphanumerics.
    static func derivedID(_ prefix: String, _ key: UInt64) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        var id = prefix
        var bits = ScenarioRandom.mix(key)
        for _ in 0..<10 {
            id.unicodeScalars.append(alphabet[Int(bits % 36)])
            bits /= 36
        }
        return id
    }

    private static func channel(orgKey: UInt64, workspace: Int, index: Int) -> CatalogItem {
        let key = ScenarioRandom.mix(orgKey ^ UInt64(workspace) << 40 ^ UInt64(index) ^ 0xC0)
        let words = NameLists.channelWords, topics = NameLists.channelTopics
        let name = "\(words[Int(key % UInt64(words.count))])-\(topics[Int((key >> 16) % UInt64(topics.count))])-\(index)"
        let isPrivate = (key >> 32) % 4 == 0
        let id = derivedID("C", key)
        var j = JSONBytes()
        j.raw("{\"type\":\"channel\",\"channel\":{\"id\":")
        j.string(id)
        j.member("name", name)
        if isPrivate { j.raw(",\"privacy\":\"private\"") } else { j.raw(",\"privacy\":\"public\"") }
        j.raw(",\"is_shared\":false,\"is_org_shared\":false}}")
        return CatalogItem(id: id, entity: j.bytes, url: [], isPrivate: isPrivate)
    }

    private static func file(orgKey: UInt64, team: String, workspace: Int, index: Int) -> CatalogItem {
        let key = ScenarioRandom.mix(orgKey ^ UInt64(workspace) << 40 ^ UInt64(index) ^ 0xF1)
        let words = NameLists.fileWords, types = NameLists.fileTypes
        let word = words[Int(key % UInt64(words.count))]
        let type = types[Int((key >> 20) % UInt64(types.count))]
        let name = "\(word)-\(2_000 + Int((key >> 40) % 27))-\(index).\(type.ext)"
        let title = "\(word.prefix(1).uppercased())\(word.dropFirst()) \(index)"
        let id = derivedID("F", key)
        var j = JSONBytes()
        j.raw("{\"type\":\"file\",\"file\":{\"id\":")
        j.string(id)
        j.member("name", name)
        j.member("filetype", type.type)
        j.member("title", title)
        j.raw("}}")
        let url = JSONBytes.quoted("https://files.slack.com/files-pri/\(team)-\(id)/\(name)")
        return CatalogItem(id: id, entity: j.bytes, url: url, isPrivate: false)
    }

    private static func canvas(orgKey: UInt64, workspace: Int, index: Int) -> CatalogItem {
        let key = ScenarioRandom.mix(orgKey ^ UInt64(workspace) << 40 ^ UInt64(index) ^ 0xCA)
        let topic = NameLists.channelTopics[Int(key % UInt64(NameLists.channelTopics.count))]
        let id = derivedID("F", key)
        var j = JSONBytes()
        j.raw("{\"type\":\"canvas\",\"canvas\":{\"id\":")
        j.string(id)
        j.raw(",\"filetype\":\"quip\",\"title\":")
        j.string("\(topic.prefix(1).uppercased())\(topic.dropFirst()) plan \(index)")
        j.raw("}}")
        return CatalogItem(id: id, entity: j.bytes, url: [], isPrivate: false)
    }
}
