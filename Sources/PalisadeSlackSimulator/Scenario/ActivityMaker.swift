/// Writes the scenario's kinds of audit entries, one method per kind.
///
/// Shared by the background filler, the incidents and the live source, so every part of the
/// simulator writes an action with the same shape.
struct ActivityMaker {
    let f: OrgFragments
    var writer: EntryWriter

    init(fragments: OrgFragments, ids: EntryIDSource) {
        f = fragments
        writer = EntryWriter(ids: ids)
    }

    var organization: SimOrganization { f.organization }

    private func userID(_ index: Int) -> String { f.userIDs[index] }

    /// Starts an entry acted by `a.user` on `entity`.
    mutating func begin(_ action: AuditAction, _ a: ActorContext, _ date: Int64, entity: [UInt8], entityID: String) {
        writer.begin(action, date: date, actor: f.userObject[a.user], actorID: userID(a.user), entity: entity, entityID: entityID)
    }

    /// Starts an entry whose entity is a user.
    mutating func begin(_ action: AuditAction, _ a: ActorContext, _ date: Int64, user target: Int) {
        begin(action, a, date, entity: f.userObject[target], entityID: userID(target))
    }

    /// Starts an entry whose entity is a catalogue item (file, channel, canvas).
    mutating func begin(_ action: AuditAction, _ a: ActorContext, _ date: Int64, item: CatalogItem) {
        begin(action, a, date, entity: item.entity, entityID: item.id)
    }

    /// File, channel or canvas number `index` of the actor's workspace (wrapping around).
    private func fileItem(_ index: Int, of a: ActorContext) -> CatalogItem {
        f.files[a.workspace][index % OrgFragments.filesPerWorkspace]
    }

    private func channelItem(_ index: Int, of a: ActorContext) -> CatalogItem {
        f.channels[a.workspace][index % OrgFragments.channelsPerWorkspace]
    }

    private func canvasItem(_ index: Int, of a: ActorContext) -> CatalogItem {
        f.canvases[a.workspace][index % OrgFragments.canvasesPerWorkspace]
    }

    /// Writes the context of `a`: enterprise-level (logins, admin actions) or in its workspace.
    mutating func context(_ a: ActorContext, enterprise: Bool = false, app: Int? = nil, slackbotAt: Int64? = nil) {
        var agent: (team: String, channel: String, ts: Int64)?
        if let slackbotAt {
            let team = f.organization.workspaces[a.workspace].id
            agent = (team, OrgFragments.derivedID("D", UInt64(a.user) &* 0x9E37 ^ 0xD1), slackbotAt - 4)
        }
        writer.context(
            location: enterprise ? f.enterpriseLocation : f.workspaceLocation[a.workspace],
            userAgent: a.userAgent, network: f.siteNetwork[a.site], host: a.host, session: a.session,
            app: app.map { f.appContext[$0] }, agentMessage: agent)
    }

    // MARK: Sign-in

    mutating func login(_ a: ActorContext, at date: Int64) -> SimEntry {
        begin(.userLogin, a, date, user: a.user)
        context(a, enterprise: true)
        return writer.finish()
    }

    mutating func logout(_ a: ActorContext, at date: Int64) -> SimEntry {
        begin(.userLogout, a, date, user: a.user)
        context(a, enterprise: true)
        return writer.finish()
    }

    /// A failed sign-in has no session yet (slack-api.md §5 sample).
    mutating func loginFailed(_ a: ActorContext, at date: Int64) -> SimEntry {
        var failed = a
        failed.session = nil
        begin(.userLoginFailed, failed, date, user: a.user)
        context(failed, enterprise: true)
        return writer.finish()
    }

    // MARK: Files, channels, canvases

    mutating func fileDownloaded(_ a: ActorContext, at date: Int64, file: Int, app: Int? = nil, slackbot: Bool = false) -> SimEntry {
        let item = fileItem(file, of: a)
        begin(.fileDownloaded, a, date, item: item)
        context(a, app: app, slackbotAt: slackbot ? date : nil)
        writer.key("url_private")
        writer.value(raw: item.url)
        return writer.finish()
    }

    mutating func fileUploaded(_ a: ActorContext, at date: Int64, file: Int, app: Int? = nil) -> SimEntry {
        begin(.fileUploaded, a, date, item: fileItem(file, of: a))
        context(a, app: app)
        return writer.finish()
    }

    mutating func fileShared(_ a: ActorContext, at date: Int64, file: Int, channel: Int, app: Int? = nil) -> SimEntry {
        let item = fileItem(file, of: a)
        let target = channelItem(channel, of: a)
        begin(.fileShared, a, date, item: item)
        context(a, app: app)
        writer.key("url_private")
        writer.value(raw: item.url)
        writer.key("shared_with")
        writer.value(raw: "{\"channel_id\":")
        writer.value(target.id)
        writer.value(raw: ",\"access_level\":\"read\"}")
        return writer.finish()
    }

    mutating func filePublicLinkCreated(_ a: ActorContext, at date: Int64, file: Int) -> SimEntry {
        begin(.filePublicLinkCreated, a, date, item: fileItem(file, of: a))
        context(a)
        return writer.finish()
    }

    mutating func channelCreated(_ a: ActorContext, at date: Int64, channel: Int, app: Int? = nil) -> SimEntry {
        let item = channelItem(channel, of: a)
        begin(item.isPrivate ? .privateChannelCreated : .publicChannelCreated, a, date, item: item)
        context(a, app: app)
        return writer.finish()
    }

    /// A join; when someone invited the user, the context is the inviter's (slack-api.md §1.5).
    mutating func channelJoin(_ a: ActorContext, at date: Int64, channel: Int, inviter: ActorContext? = nil, app: Int? = nil) -> SimEntry {
        begin(.userChannelJoin, a, date, item: channelItem(channel, of: a))
        context(inviter ?? a, app: app)
        if let inviter {
            writer.key("inviter")
            writer.value(raw: f.userObject[inviter.user])
            writer.key("is_workflow")
            writer.value(false)
        }
        return writer.finish()
    }

    mutating func channelLeave(_ a: ActorContext, at date: Int64, channel: Int) -> SimEntry {
        begin(.userChannelLeave, a, date, item: channelItem(channel, of: a))
        context(a)
        return writer.finish()
    }

    mutating func canvas(_ a: ActorContext, at date: Int64, canvas: Int, created: Bool, slackbot: Bool) -> SimEntry {
        begin(created ? .canvasCreated : .canvasEdited, a, date, item: canvasItem(canvas, of: a))
        context(a, slackbotAt: slackbot ? date : nil)
        return writer.finish()
    }

    mutating func profileUpdated(_ a: ActorContext, at date: Int64) -> SimEntry {
        begin(.userProfileUpdated, a, date, user: a.user)
        context(a)
        return writer.finish()
    }
}
