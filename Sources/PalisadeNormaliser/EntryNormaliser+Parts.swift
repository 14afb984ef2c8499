import PalisadeJSON
import PalisadeMessages

extension EntryNormaliser {
    /// `actor`: its `type`, and the members of `actor.<type>`; `nil` when absent or not an object.
    static func actor(_ element: JSONElement?, app: ActivityApp?, source: [UInt8]) -> ActivityActor? {
        guard let element, element.members != nil else { return nil }
        let type = element["type"].flatMap { SlackObjectReader.stringFit($0, source: source) } ?? ""
        var actor = ActivityActor(type: type)
        guard !type.isEmpty, let inner = element[type], inner.members != nil else {
            actor.kind = kind(type: type, id: "", email: "", app: app)
            return actor
        }
        var reader = SlackObjectReader(inner, source: source)
        actor.id = reader.string("id")
        actor.name = reader.string("name")
        actor.email = reader.string("email")
        actor.team = reader.string("team")
        actor.accountType = reader.string("account_type")
        actor.fields = reader.fields()
        actor.kind = kind(type: type, id: actor.id, email: actor.email, app: app)
        return actor
    }

    /// Slack itself, an app's bot user, a person, or another type (`Protocol/activity.md`, "Actor kind").
    static func kind(type: String, id: String, email: String, app: ActivityApp?) -> ActivityActorKind {
        if id == "USLACKSECURITY" || id == "USLACKUSER" { return .slack }
        if email.lowercased().hasSuffix("@slack-bots.com") { return .bot }
        if email.isEmpty, let app, !app.botScopes.isEmpty, app.scopes.isEmpty { return .bot }
        return type == "user" ? .user : .other
    }

    /// `entity`: its `type`, and the members of `entity.<type>`; `nil` when absent or not an object.
    static func entity(_ element: JSONElement?, source: [UInt8]) -> ActivityEntity? {
        guard let element, element.members != nil else { return nil }
        let type = element["type"].flatMap { SlackObjectReader.stringFit($0, source: source) } ?? ""
        var entity = ActivityEntity(type: type)
        guard !type.isEmpty, let inner = element[type], inner.members != nil else { return entity }
        var reader = SlackObjectReader(inner, source: source)
        entity.id = reader.string("id")
        entity.name = reader.string("name")
        if entity.name.isEmpty && !reader.has("name") { entity.name = reader.string("template_name") }
        entity.email = reader.string("email")
        entity.team = reader.string("team")
        entity.domain = reader.string("domain")
        entity.accountType = reader.string("account_type")
        entity.privacy = reader.string("privacy")
        entity.shared = reader.bool("is_shared")
        entity.orgShared = reader.bool("is_org_shared")
        entity.sharedWith = reader.list("teams_shared_with")
        entity.fileType = reader.string("filetype")
        entity.title = reader.string("title")
        entity.scopes = reader.list("scopes")
        entity.botScopes = reader.list("bot_scopes")
        entity.distributed = reader.bool("is_distributed")
        entity.directoryApproved = reader.bool("is_directory_approved")
        entity.workflowApp = reader.bool("is_workflow_app")
        entity.appID = reader.string("app_id")
        entity.channel = reader.string("channel")
        entity.messageTS = reader.string("timestamp")
        entity.fields = reader.fields()
        return entity
    }

    /// `context.app`: the app through which the action came; `nil` when absent, `null` or not an object.
    static func app(_ element: JSONElement?, source: [UInt8]) -> ActivityApp? {
        guard let element, element.members != nil else { return nil }
        var reader = SlackObjectReader(element, source: source)
        var app = ActivityApp()
        app.id = reader.string("id")
        app.name = reader.string("name")
        app.scopes = reader.list("scopes")
        app.botScopes = reader.list("scopes_bot", "bot_scopes")
        app.distributed = reader.bool("is_distributed")
        app.directoryApproved = reader.bool("is_directory_approved")
        app.workflowApp = reader.bool("is_workflow_app")
        app.creator = reader.string("creator")
        app.team = reader.string("team")
        app.fields = reader.fields()
        return app
    }

    /// `context.location`: the workspace or organisation acted in.
    static func place(_ element: JSONElement?, source: [UInt8]) -> ActivityPlace? {
        guard let element, element.members != nil else { return nil }
        var reader = SlackObjectReader(element, source: source)
        return ActivityPlace(
            type: reader.string("type"), id: reader.string("id"), name: reader.string("name"), domain: reader.string("domain"))
    }

    /// `context.agent_message`: the message an agent acted from.
    static func agentMessage(_ element: JSONElement?, source: [UInt8]) -> ActivityAgentMessage? {
        guard let element, element.members != nil else { return nil }
        var reader = SlackObjectReader(element, source: source)
        return ActivityAgentMessage(
            team: reader.string("team"), channelID: reader.string("channel_id"), messageTS: reader.string("message_ts"),
            threadTS: reader.string("thread_ts"))
    }
}
