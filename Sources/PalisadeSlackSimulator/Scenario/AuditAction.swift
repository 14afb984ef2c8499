/// The audit actions the scenario writes; every raw value is in Slack's `/audit/v1/actions`
/// (checked against `/work/shared/slack-audit-v1-actions.json`).
enum AuditAction: String, CaseIterable, Sendable {
    case userLogin = "user_login"
    case userLogout = "user_logout"
    case userLoginFailed = "user_login_failed"
    case fileDownloaded = "file_downloaded"
    case fileUploaded = "file_uploaded"
    case fileShared = "file_shared"
    case filePublicLinkCreated = "file_public_link_created"
    case publicChannelCreated = "public_channel_created"
    case privateChannelCreated = "private_channel_created"
    case userChannelJoin = "user_channel_join"
    case userChannelLeave = "user_channel_leave"
    case canvasCreated = "canvas_created"
    case canvasEdited = "canvas_edited"
    case userProfileUpdated = "user_profile_updated"
    case roleChangeToAdmin = "role_change_to_admin"
    case roleChangeToUser = "role_change_to_user"
    case userDeactivated = "user_deactivated"
    case userSessionResetByAdmin = "user_session_reset_by_admin"
    case bulkSessionResetByAdmin = "bulk_session_reset_by_admin"
    case userPasswordResetByAdmin = "user_password_reset_by_admin"
    case prefPublicChannelRetention = "pref.public_channel_retention_changed"
    case prefDMRetention = "pref.dm_retention_changed"
    case prefWhoCanManageExtShared = "pref.who_can_manage_ext_shared_channels"
    case prefEnterpriseDefaultChannels = "pref.enterprise_default_channels"
    case prefSessionDuration = "pref.session_duration_changed"
    case prefTwoFactor = "pref.two_factor_auth_changed"
    case appInstalled = "app_installed"
    case appApproved = "app_approved"
    case appScopesExpanded = "app_scopes_expanded"
    case anomaly = "anomaly"

    /// The raw value as UTF-8, cached: `rawValue` of a String enum rebuilds the string each call.
    var utf8: [UInt8] { Self.bytes[self] ?? Array(rawValue.utf8) }
    private static let bytes: [AuditAction: [UInt8]] = Dictionary(uniqueKeysWithValues: allCases.map { ($0, Array($0.rawValue.utf8)) })
}

/// Client user agents; the index is stable per user and device.
enum UserAgents {
    static let desktop: [String] = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.105 Chrome/128.0.6613.186 Electron/32.2.5 Safari/537.36 Sonic Slack_SSB/4.41.105",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.105 Chrome/128.0.6613.186 Electron/32.2.5 Safari/537.36 Sonic Slack_SSB/4.41.105",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.40.128 Chrome/127.0.6533.120 Electron/31.4.0 Safari/537.36 Sonic Slack_SSB/4.40.128",
    ]
    static let web: [String] = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    ]
    static let mobile: [String] = [
        "com.tinyspeck.chatlyio/25.08.10 (iPhone; iOS 18.6; Scale/3.00)",
        "com.Slack/25.08.10.0 (Android 14; Pixel 8; Scale/2.625)",
        "com.tinyspeck.chatlyio/25.07.20 (iPad; iOS 17.5; Scale/2.00)",
    ]
    static let bot = "Slack-Bot/1.0"
    static let script = ["python-requests/2.32.3", "curl/8.5.0", "Go-http-client/2.0"]
    /// Everything above, serialised, indexed by `UserAgent` values.
    static let all: [String] = desktop + web + mobile + [bot] + script
    static let quoted: [[UInt8]] = all.map(JSONBytes.quoted)
    static let desktopRange = 0..<desktop.count
    static let webRange = desktop.count..<(desktop.count + web.count)
    static let mobileRange = (desktop.count + web.count)..<(desktop.count + web.count + mobile.count)
    static let botIndex = desktop.count + web.count + mobile.count
    static let scriptRange = (botIndex + 1)..<all.count
}
