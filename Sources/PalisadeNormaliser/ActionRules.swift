import PalisadeMessages
import PalisadeSlackCatalogue

/// How an action name becomes a category, an administrative flag and an "unknown" flag:
/// `Protocol/activity.md`, "Category" and "Administrative", rule for rule.
///
/// The rules are checked in table order; an action no rule places takes the category of its key
/// in the actions catalogue this release ships (`SlackAuditCatalogue`, captured 2026-08-05).
/// Verdicts for the catalogue's actions are computed once, because a log holds a few hundred
/// distinct actions and millions of entries; an unknown action is judged each time it appears.
public struct ActionRules: Sendable {
    /// What the rules say about one action.
    public struct Verdict: Sendable, Equatable {
        /// The category.
        public var category: ActivityCategory
        /// Whether the action needs an admin or owner by its name and category alone (the
        /// `USER_MANAGEMENT` exception depends on the entry: see ``isAdministrative(_:actorID:entityID:)``).
        public var administrativeByName: Bool
        /// Whether the shipped catalogue lacks the action.
        public var unknown: Bool
    }

    private let known: [String: Verdict]

    /// Rules over the shipped catalogue.
    public init() {
        self.init(catalogue: SlackAuditCatalogue.actionsByKey)
    }

    /// Rules over `catalogue` (keys in file order, each with its actions); the first key listing
    /// an action decides its category.
    public init(catalogue: [(key: String, actions: [String])]) {
        var categories: [String: ActivityCategory] = [:]
        for (key, actions) in catalogue {
            let category = Self.keyCategories[key] ?? .other
            for action in actions where categories[action] == nil { categories[action] = category }
        }
        known = categories.reduce(into: [:]) { verdicts, pair in
            verdicts[pair.key] = Self.judge(pair.key, catalogueCategory: pair.value)
        }
    }

    /// Every action of the catalogue, with its verdict.
    public var knownActions: [String: Verdict] { known }

    /// The verdict for `action`.
    public func verdict(for action: String) -> Verdict {
        known[action] ?? Self.judge(action, catalogueCategory: nil)
    }

    private static func judge(_ action: String, catalogueCategory: ActivityCategory?) -> Verdict {
        let category = ruleCategory(action) ?? catalogueCategory ?? .other
        return Verdict(category: category, administrativeByName: administrativeByName(action, category), unknown: catalogueCategory == nil)
    }

    /// Whether an entry with this verdict is administrative: by name, or a `USER_MANAGEMENT`
    /// action on someone else's account.
    public static func isAdministrative(_ verdict: Verdict, actorID: String, entityID: String) -> Bool {
        if verdict.administrativeByName { return true }
        return verdict.category == .userManagement && (actorID.isEmpty || actorID != entityID)
    }

    // MARK: The table

    /// Rows 1–18 of the category table; `nil` when none matches.
    static func ruleCategory(_ action: String) -> ActivityCategory? {
        func any(_ prefixes: [String]) -> Bool { prefixes.contains { action.hasPrefix($0) } }
        func one(_ names: Set<String>) -> Bool { names.contains(action) }
        let words = action.split { $0 == "_" || $0 == "." }
        if action == "anomaly" { return .anomaly }
        if one(["user_login_failed", "ip_allowlist_access_denied"]) { return .failedLogin }
        if one(["user_login", "cli_login"]) { return .login }
        if one(Self.logoutNames) || any(["user_logout_", "user_sessions_reset_by_"]) { return .logout }
        if any(["user_password_", "user_passkey_"]) { return .credential }
        if words.contains("export") || words.contains("exports") { return .export }
        if any(["slack_ai_", "slackbot_ai_", "mcp_slack_", "app_agentforce_"]) { return .ai }
        if any(["role_"]) || one(["owner_transferred", "org_owner_created", "permissions_assigned", "permissions_removed"]) {
            return .role
        }
        if any(["pref."]) || action == "prefs_setting_changed" { return .adminSetting }
        if one(Self.membershipNames) || words.contains("usergroup") { return .membership }
        if any(["file_", "canvas_", "list_"]) { return .file }
        if any(["channel_", "public_channel_", "private_channel_", "external_shared_channel_", "record_channel_", "connect_dm_invite_"]) {
            return .channel
        }
        if any(["workflow_", "function_", "external_auth_oauth2_token_"]) { return .workflow }
        if any(["app_", "org_app_", "child_app_", "bot_token_", "cli_app_", "agentforce_agent_"]) { return .app }
        if any(["message_", "thread_"]) { return .message }
        if any(["huddle_"]) { return .huddle }
        if any(["user_", "guest_"]) { return .userManagement }
        if any(["emoji_"]) || action == "custom_tos_link_clicked" { return .other }
        return nil
    }

    private static let logoutNames: Set<String> = [
        "user_logout", "cli_logout", "user_session_invalidated", "user_session_reset_by_admin", "bulk_session_reset_by_admin",
        "user_force_upgrade_non_compliant_mobile_app_version",
    ]

    private static let membershipNames: Set<String> = [
        "user_channel_join", "user_channel_leave", "guest_channel_join", "guest_channel_leave", "dm_user_added",
        "user_joined_workspace", "guest_joined_workspace",
    ]

    /// The category of each catalogue key; a key not listed is `OTHER`.
    static let keyCategories: [String: ActivityCategory] = [
        "workspace_or_org": .adminSetting, "barrier": .adminSetting, "legal_hold": .adminSetting, "native_dlp": .adminSetting,
        "user": .userManagement, "file": .file, "canvas": .file, "list": .file, "channel": .channel,
        "app": .app, "app_approval_automation_rule": .app, "slack_cli": .app, "salesforce_mcp_server": .app,
        "workflow_builder": .workflow, "workflow_v2": .workflow, "function": .workflow, "message": .message, "huddle": .huddle,
        "subteam": .membership, "role": .role, "account_type_role": .role, "anomaly": .anomaly,
        "template": .other, "sales_elevate": .other, "slack_first_crm": .other,
    ]

    /// The name-and-category part of "Administrative".
    static func administrativeByName(_ action: String, _ category: ActivityCategory) -> Bool {
        if [.adminSetting, .role, .export].contains(category) { return true }
        if action.contains("_by_admin") || action.hasSuffix("_from_org_level") { return true }
        if ["admin_", "org_app_", "app_allowlist_", "salesforce_mcp_server_"].contains(where: { action.hasPrefix($0) }) { return true }
        return administrativeNames.contains(action)
    }

    private static let administrativeNames: Set<String> = [
        "app_approved", "app_restricted", "app_removed_from_whitelist", "channel_moved", "channel_retention_changed",
        "channel_workspaces_updated", "external_shared_channel_invite_approved", "external_shared_channel_invite_request_approved",
        "external_shared_channel_invite_request_denied",
    ]
}
