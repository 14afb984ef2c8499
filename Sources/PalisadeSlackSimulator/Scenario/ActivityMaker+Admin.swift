/// Admin actions, app lifecycle actions and Slack's own anomaly entries.
extension ActivityMaker {
    /// The admin actions background admins do and the `admin_spree` incident draws from.
    enum AdminKind: CaseIterable {
        case roleToAdmin, roleToUser, sessionReset, bulkSessionReset, passwordReset
        case retention, dmRetention, externalShared, defaultChannels, sessionDuration, twoFactor
    }

    /// One admin action by `a` (an admin) on `target` (a person).
    mutating func admin(_ kind: AdminKind, _ a: ActorContext, at date: Int64, target: Int, random: inout ScenarioRandom) -> SimEntry {
        let org = f.organization
        switch kind {
        case .roleToAdmin, .roleToUser, .passwordReset:
            let action: AuditAction =
                kind == .roleToAdmin ? .roleChangeToAdmin : (kind == .roleToUser ? .roleChangeToUser : .userPasswordResetByAdmin)
            begin(action, a, date, user: target)
            context(a, enterprise: true)
        case .sessionReset:
            begin(.userSessionResetByAdmin, a, date, user: target)
            context(a, enterprise: true)
            let scope = random.below(4)  // 0: all sessions, 1: mobile, 2: web, 3: non-SSO
            writer.key("mobile_only")
            writer.value(scope == 1)
            writer.key("web_only")
            writer.value(scope == 2)
            writer.key("non_sso_only")
            writer.value(scope == 3)
        case .bulkSessionReset:
            begin(.bulkSessionResetByAdmin, a, date, entity: f.enterpriseEntity, entityID: org.id)
            context(a, enterprise: true)
            let picked = random.sample(2 + random.below(6), of: org.people).map { org.users[$0].id }
            let failed = random.chance(0.3) ? 1 : 0
            writer.key("succeeded_users")
            writer.encodedArray(Array(picked.dropFirst(failed)))
            writer.key("failed_users")
            writer.encodedArray(Array(picked.prefix(failed)))
        case .retention, .dmRetention:
            let values = ["RETAIN_ALL", "RETAIN_MSGS", "EXPIRE_ALL", "EXPIRE_MSGS"]
            let from = random.below(values.count)
            let to = (from + 1 + random.below(values.count - 1)) % values.count
            prefChange(kind == .retention ? .prefPublicChannelRetention : .prefDMRetention, a, date)
            writer.key("previous_value")
            writer.value(values[from])
            writer.key("new_value")
            writer.value(values[to])
        case .externalShared:
            prefChange(.prefWhoCanManageExtShared, a, date)
            let flip = random.chance(0.5)
            writer.key("previous_value")
            writer.value(raw: flip ? "{\"type\":[\"ORG_ADMINS_AND_OWNERS\"]}" : "{\"type\":[\"TOPLEVEL_ADMINS_AND_OWNERS_AND_SELECTED\"]}")
            writer.key("new_value")
            writer.value(raw: flip ? "{\"type\":[\"TOPLEVEL_ADMINS_AND_OWNERS_AND_SELECTED\"]}" : "{\"type\":[\"ORG_ADMINS_AND_OWNERS\"]}")
        case .defaultChannels:
            prefChange(.prefEnterpriseDefaultChannels, a, date)
            let channel = f.channels[a.workspace][random.below(OrgFragments.channelsPerWorkspace)].id
            writer.key("previous_value")
            writer.value([String]())
            writer.key("new_value")
            writer.value([channel])
        case .sessionDuration:
            let hours = ["8", "24", "168", "720"]
            prefChange(.prefSessionDuration, a, date)
            writer.key("previous_value")
            writer.value(hours[random.below(2) + 2])
            writer.key("new_value")
            writer.value(hours[random.below(2)])
        case .twoFactor:
            prefChange(.prefTwoFactor, a, date)
            writer.key("previous_value")
            writer.value("not_required")
            writer.key("new_value")
            writer.value("required")
        }
        return writer.finish()
    }

    private mutating func prefChange(_ action: AuditAction, _ a: ActorContext, _ date: Int64) {
        begin(action, a, date, entity: f.enterpriseEntity, entityID: f.organization.id)
        context(a, enterprise: true)
    }

    mutating func userDeactivated(_ a: ActorContext, at date: Int64, target: Int) -> SimEntry {
        begin(.userDeactivated, a, date, user: target)
        context(a, enterprise: true)
        return writer.finish()
    }

    /// `app_installed`, `app_approved` or `app_scopes_expanded` of `app` by `a`.
    mutating func appLifecycle(_ action: AuditAction, _ a: ActorContext, at date: Int64, app: Int) -> SimEntry {
        let spec = f.organization.apps[app]
        begin(action, a, date, entity: f.appEntity[app], entityID: spec.id)
        context(a)
        switch action {
        case .appApproved:
            writer.key("approver_id")
            writer.value(f.organization.users[a.user].id)
            writer.key("approval_type")
            writer.value("approved")
            writer.key("resolution")
            writer.value("approved")
        case .appScopesExpanded:
            writer.key("granular_bot_token")
            writer.value(spec.token == .bot)
            writer.key("previous_scopes")
            writer.value(Array((spec.token == .user ? spec.scopes : spec.botScopes).prefix(1)))
            writer.key("new_scopes")
            writer.value(spec.token == .user ? spec.scopes : spec.botScopes)
        default:
            writer.key("app_owner_id")
            writer.value(spec.creator)
            writer.key("is_internal_integration")
            writer.value(!spec.isDistributed)
            writer.key("is_token_rotation_enabled_app")
            writer.value(false)
            writer.key("scopes")
            writer.value(spec.scopes)
            writer.key("bot_scopes")
            writer.value(spec.botScopes)
            writer.key("installer_user_id")
            writer.value(f.organization.users[a.user].id)
        }
        return writer.finish()
    }

    /// Slack's own `anomaly` entry about `a.user` (slack-api.md §1.5, §3.4).
    mutating func anomaly(
        _ a: ActorContext, at date: Int64, reasons: [String], ipDetails: [String] = [],
        previous: ActorContext? = nil
    ) -> SimEntry {
        begin(.anomaly, a, date, user: a.user)
        context(a, enterprise: true)
        let site = f.organization.sites[a.site]
        writer.key("action_timestamp")
        writer.value((date - 2) * 1_000_000 + Int64(a.host) * 3_917)
        writer.key("location")
        writer.value("\(site.city), \(site.country)")
        writer.key("previous_ip_address")
        writer.value(previous.map { f.organization.sites[$0.site].address(host: $0.host) } ?? "")
        writer.key("previous_ua")
        writer.value(previous.map { UserAgents.all[$0.userAgent] } ?? "")
        writer.key("reason")
        writer.reasons(reasons)
        if !ipDetails.isEmpty {
            writer.key("ip_address_details")
            writer.value(ipDetails)
        }
        if reasons.contains("unexpected_client") {
            writer.key("detected_client")
            writer.value("unknown")
            writer.key("detected_os")
            writer.value("Linux")
        }
        return writer.finish()
    }
}
