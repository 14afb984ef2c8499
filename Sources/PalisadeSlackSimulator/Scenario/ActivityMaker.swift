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
        let item = f.files[a.workspace][file % OrgFragments.filesPerWorkspace]
        begin(.fileDownloaded, a, date, entity: item.entity, entityID: item.id)
        context(a, app: app, slackbotAt: slackbot ? date : nil)
        writer.key("url_private")
        writer.value(raw: item.url)
        return writer.finish()
    }

    mutating func fileUploaded(_ a: ActorContext, at date: Int64, file: Int, app: Int? = nil) -> SimEntry {
        let item = f.files[a.workspace][file % OrgFragments.filesPerWorkspace]
        begin(.fileUploaded, a, date, entity: item.entity, entityID: item.id)
        context(a, app: app)
        return writer.finish()
    }

    mutating func fileShared(_ a: ActorContext, at date: Int64, file: Int, channel: Int, app: Int? = nil) -> SimEntry {
        let item = f.files[a.workspace][file % OrgFragments.filesPerWorkspace]
        let target = f.channels[a.workspace][channel % OrgFragments.channelsPerWorkspace]
        begin(.fileShared, a, date, entity: item.entity, entityID: item.id)
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
        let item = f.files[a.workspace][file % OrgFragments.filesPerWorkspace]
        begin(.filePublicLinkCreated, a, date, entity: item.entity, entityID: item.id)
        context(a)
        return writer.finish()
    }

    mutating func channelCreated(_ a: ActorContext, at date: Int64, channel: Int, app: Int? = nil) -> SimEntry {
        let item = f.channels[a.workspace][channel % OrgFragments.channelsPerWorkspace]
        begin(item.isPrivate ? .privateChannelCreated : .publicChannelCreated, a, date, entity: item.entity, entityID: item.id)
        context(a, app: app)
        return writer.finish()
    }

    /// A join; when someone invited the user, the context is the inviter's (slack-api.md §1.5).
    mutating func channelJoin(_ a: ActorContext, at date: Int64, channel: Int, inviter: ActorContext? = nil, app: Int? = nil) -> SimEntry {
        let item = f.channels[a.workspace][channel % OrgFragments.channelsPerWorkspace]
        begin(.userChannelJoin, a, date, entity: item.entity, entityID: item.id)
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
        let item = f.channels[a.workspace][channel % OrgFragments.channelsPerWorkspace]
        begin(.userChannelLeave, a, date, entity: item.entity, entityID: item.id)
        context(a)
        return writer.finish()
    }

    mutating func canvas(_ a: ActorContext, at date: Int64, canvas: Int, created: Bool, slackbot: Bool) -> SimEntry {
        let item = f.canvases[a.workspace][canvas % OrgFragments.canvasesPerWorkspace]
        begin(created ? .canvasCreated : .canvasEdited, a, date, entity: item.entity, entityID: item.id)
        context(a, slackbotAt: slackbot ? date : nil)
        return writer.finish()
    }

    mutating func profileUpdated(_ a: ActorContext, at date: Int64) -> SimEntry {
        begin(.userProfileUpdated, a, date, user: a.user)
        context(a)
        return writer.finish()
    }
}
