import Foundation
import Testing

@testable import PalisadeSlackSimulator

@Suite("Scenario entry JSON")
struct ScenarioJSONTests {
    /// Every action the generator may write; each is in Slack's `/audit/v1/actions`
    /// (`/work/shared/slack-audit-v1-actions.json`, JSDK capture 2026-08-05).
    static let slackActions: Set<String> = [
        "user_login", "user_logout", "user_login_failed", "file_downloaded", "file_uploaded", "file_shared",
        "file_public_link_created", "public_channel_created", "private_channel_created", "user_channel_join",
        "user_channel_leave", "canvas_created", "canvas_edited", "user_profile_updated", "role_change_to_admin",
        "role_change_to_user", "user_deactivated", "user_session_reset_by_admin", "bulk_session_reset_by_admin",
        "user_password_reset_by_admin", "pref.public_channel_retention_changed", "pref.dm_retention_changed",
        "pref.who_can_manage_ext_shared_channels", "pref.enterprise_default_channels", "pref.session_duration_changed",
        "pref.two_factor_auth_changed", "app_installed", "app_approved", "app_scopes_expanded", "anomaly",
    ]

    @Test func generatorActionsAreSlackActions() throws {
        #expect(Set(AuditAction.allCases.map(\.rawValue)).isSubset(of: Self.slackActions))
        for entry in ScenarioFixtures.standard.entries {
            #expect(Self.slackActions.contains(entry.action), "unknown action \(entry.action)")
        }
        // Cross-check against the captured list when this machine has it.
        let url = URL(fileURLWithPath: "/work/shared/slack-audit-v1-actions.json")
        if let data = try? Data(contentsOf: url),
            let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let categories = root["actions"] as? [String: [String]]
        {
            let live = Set(categories.values.joined())
            #expect(Self.slackActions.isSubset(of: live), "\(Self.slackActions.subtracting(live))")
        }
    }

    @Test func everyEntryHasSlacksShape() throws {
        for entry in ScenarioFixtures.standard.entries {
            let object = try #require(ScenarioFixtures.object(entry.json), "not JSON: \(entry.id)")
            try Self.checkShape(object, of: entry, quirk: false)
            if let quirk = entry.quirkJSON {
                let variant = try #require(ScenarioFixtures.object(quirk), "quirk not JSON: \(entry.id)")
                try Self.checkShape(variant, of: entry, quirk: true)
            }
        }
    }

    static func checkShape(_ o: [String: Any], of entry: SimEntry, quirk: Bool) throws {
        #expect(o["id"] as? String == entry.id)
        #expect((o["date_create"] as? NSNumber)?.int64Value == entry.dateCreate)
        #expect(o["action"] as? String == entry.action)
        let actor = try #require(o["actor"] as? [String: Any])
        #expect(actor["type"] as? String == "user")
        let user = try #require(actor["user"] as? [String: Any])
        for key in ["id", "name", "email", "team"] { #expect(user[key] is String, "actor.user.\(key)") }
        #expect(user["id"] as? String == entry.actorID)
        let entity = try #require(o["entity"] as? [String: Any])
        let type = try #require(entity["type"] as? String)
        let inner = try #require(entity[type] as? [String: Any], "entity.\(type)")
        #expect(inner["id"] as? String == entry.entityID)
        #expect(entity.count == 2)
        let context = try #require(o["context"] as? [String: Any])
        let location = try #require(context["location"] as? [String: Any])
        #expect(["workspace", "enterprise"].contains(location["type"] as? String ?? ""))
        for key in ["id", "name", "domain"] { #expect(location[key] is String) }
        #expect(context["ua"] is String)
        let ip = try #require(context["ip_address"] as? String)
        #expect(ip.split(separator: ".").count == 4)
        let session = try #require(context["session_id"])
        if quirk {
            #expect(session is NSNull || (session as? NSNumber) != nil && !(session is String))
        } else {
            #expect(session is NSNull || (session as? String)?.allSatisfy(\.isNumber) == true)
        }
        if let app = context["app"] as? [String: Any] {
            #expect(app["id"] is String && app["scopes"] is [Any] && app["scopes_bot"] is [Any])
        }
        if context["acting_agent"] != nil {
            #expect(context["acting_agent"] as? String == "Slackbot")
            #expect(context["agent_message"] is [String: Any])
        }
        let details = o["details"] as? [String: Any]
        switch entry.action {
        case "anomaly":
            let reason = details?["reason"]
            #expect(quirk ? reason is String : reason is [String])
        case "bulk_session_reset_by_admin":
            for key in ["succeeded_users", "failed_users"] {
                #expect(quirk ? details?[key] is String : details?[key] is [String])
            }
        case "user_session_reset_by_admin":
            for key in ["mobile_only", "web_only", "non_sso_only"] { #expect(details?[key] is Bool) }
        case "file_downloaded":
            #expect((details?["url_private"] as? String)?.hasPrefix("https://files.slack.com/files-pri/") == true)
        case "file_shared":
            #expect(details?["url_private"] is String)
            #expect((details?["shared_with"] as? [String: Any])?["channel_id"] is String)
        case let action where action.hasPrefix("pref."):
            #expect(details?["previous_value"] != nil && details?["new_value"] != nil)
        default:
            break
        }
    }

    @Test func bothVariantsOfEachKindAreWritten() {
        let entries = ScenarioFixtures.standard.entries
        let hasPlainEntry = entries.contains { $0.quirkJSON == nil }
        #expect(hasPlainEntry)
        let hasQuirkyAnomaly = entries.contains { $0.action == "anomaly" && $0.quirkJSON != nil }
        #expect(hasQuirkyAnomaly)
        let hasQuirkyBulkReset = entries.contains { $0.action == "bulk_session_reset_by_admin" && $0.quirkJSON != nil }
        #expect(hasQuirkyBulkReset)
        let hasNullSessionID = entries.contains { String(decoding: $0.json, as: UTF8.self).contains("\"session_id\":null") }
        #expect(hasNullSessionID)
        let hasSlackbotAgent = entries.contains { String(decoding: $0.json, as: UTF8.self).contains("\"acting_agent\":\"Slackbot\"") }
        #expect(hasSlackbotAgent)
        let hasInviter = entries.contains { String(decoding: $0.json, as: UTF8.self).contains("\"inviter\":") }
        #expect(hasInviter)
        let hasBotEmail = entries.contains { String(decoding: $0.json, as: UTF8.self).contains("@slack-bots.com") }
        #expect(hasBotEmail)
        let hasEscapedQuote = entries.contains { String(decoding: $0.json, as: UTF8.self).contains("\\\"") }  // an escaped quote in a name
        #expect(hasEscapedQuote)
    }

    @Test func quirkVariantsDifferOnlyInTheQuirkFields() throws {
        for entry in ScenarioFixtures.standard.entries {
            guard let quirk = entry.quirkJSON else { continue }
            #expect(quirk != entry.json)
            let plain = try #require(ScenarioFixtures.object(entry.json))
            var variant = try #require(ScenarioFixtures.object(quirk))
            // Undo the quirks; what remains must equal the plain entry exactly.
            if var context = variant["context"] as? [String: Any], let number = context["session_id"] as? NSNumber {
                context["session_id"] = number.stringValue
                variant["context"] = context
            }
            if var details = variant["details"] as? [String: Any] {
                if let reason = details["reason"] as? String {
                    details["reason"] = reason.split(separator: ",").map(String.init)
                }
                for key in ["succeeded_users", "failed_users"] {
                    if let text = details[key] as? String {
                        details[key] = try JSONSerialization.jsonObject(with: Data(text.utf8))
                    }
                }
                variant["details"] = details
            }
            #expect(NSDictionary(dictionary: variant).isEqual(to: plain), "quirk of \(entry.id) differs elsewhere")
        }
    }

    @Test func jsonEscapingHandlesQuotesBackslashesAndControls() throws {
        let bytes = JSONBytes.quoted("Zoë \"Bear\" O'Brien \\ tab\there\nnew\u{1}")
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(parsed == "Zoë \"Bear\" O'Brien \\ tab\there\nnew\u{1}")
    }
}
