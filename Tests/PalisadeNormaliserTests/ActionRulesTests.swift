import PalisadeMessages
import PalisadeNormaliser
import Testing

@Suite("Action categories and the administrative flag")
struct ActionRulesTests {
    /// `Protocol/activity.md`, "Category": the 762 actions of the 2026-08-05 catalogue by category.
    @Test func theCatalogueComesOutAsTheSpecificationCounts() {
        let rules = ActionRules()
        var counts: [ActivityCategory: Int] = [:]
        for verdict in rules.knownActions.values { counts[verdict.category, default: 0] += 1 }
        #expect(rules.knownActions.count == 762)
        let expected: [ActivityCategory: Int] = [
            .adminSetting: 258, .file: 85, .ai: 72, .app: 70, .channel: 68, .export: 39, .other: 32, .userManagement: 30,
            .membership: 21, .workflow: 19, .message: 17, .role: 16, .huddle: 14, .logout: 10, .credential: 6, .login: 2,
            .failedLogin: 2, .anomaly: 1,
        ]
        #expect(counts == expected)
    }

    @Test(arguments: [
        ("user_login", ActivityCategory.login, false), ("user_login_failed", .failedLogin, false), ("user_logout_all", .logout, false),
        ("pref.sso_setting_changed", .adminSetting, true), ("user_channel_join", .membership, false),
        ("usergroup_created", .membership, false), ("file_downloaded", .file, false), ("workspace_teleported", .other, false),
        ("role_assigned", .role, true), ("channel_moved", .channel, true), ("admin_thing_done", .other, true),
        ("bulk_session_reset_by_admin", .logout, true), ("user_password_changed", .credential, false),
    ])
    func categoryAndAdministrative(action: String, category: ActivityCategory, administrative: Bool) {
        let verdict = ActionRules().verdict(for: action)
        #expect(verdict.category == category)
        #expect(ActionRules.isAdministrative(verdict, actorID: "W1", entityID: "F1") == administrative)
    }

    @Test func userManagementIsAdministrativeUnlessOnOnesOwnAccount() {
        let rules = ActionRules()
        let verdict = rules.verdict(for: "user_email_updated")
        #expect(verdict.category == .userManagement)
        #expect(ActionRules.isAdministrative(verdict, actorID: "W1", entityID: "W2"))
        #expect(!ActionRules.isAdministrative(verdict, actorID: "W1", entityID: "W1"))
        #expect(ActionRules.isAdministrative(verdict, actorID: "", entityID: ""))
    }

    @Test func unknownActionsAreKeptAndFlagged() {
        let rules = ActionRules()
        let teleported = rules.verdict(for: "user_sso_teleported")
        #expect(teleported.category == .userManagement && teleported.unknown && !teleported.administrativeByName)
        #expect(rules.verdict(for: "").unknown && rules.verdict(for: "").category == .other)
        #expect(!rules.verdict(for: "file_downloaded").unknown)
    }
}
