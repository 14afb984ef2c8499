import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire

/// A documented message's Swift type, as a sample value with every field set to a non-default
/// value (every optional present, every list non-empty), so that every field is encoded.
struct ContractSample: Sendable, CustomStringConvertible {
    /// The message name in `Protocol/*.md`.
    let name: String
    /// Its golden vector under `Protocol/vectors`, without extension.
    let vector: String
    /// The sample's binary encoding, by PalisadeWire.
    let binary: @Sendable () throws -> [UInt8]
    /// The sample's JSON encoding, by PalisadeWire.
    let json: @Sendable () throws -> [UInt8]

    /// The name, as test reports show each argument.
    var description: String { name }

    /// Registers `sample` as the Swift form of the documented message `name`.
    init<T: Encodable & Sendable>(_ name: String, vector: String, _ sample: T) {
        self.name = name
        self.vector = vector
        binary = { try WireEncoder().encode(sample) }
        json = { try WireJSONEncoder().encode(sample) }
    }
}

/// Which Swift type implements which documented message. A message documented in
/// `Protocol/*.md` must be here or in `withoutSwiftType`.
enum ContractRegistry {
    /// Documented messages with no Swift type yet, each with the reason. Empty today.
    static let withoutSwiftType: [String: String] = [:]

    /// A `ConnectionInfo` with all sixteen fields set.
    static let connectionInfo = ConnectionInfo(
        id: "conn_7f3a", orgID: "E0123ABCD", orgName: "Acme Corp", state: .rateLimited,
        statusText: "Rate limited until 2026-11-26T10:00:00Z", backfillPercent: 42.5,
        lastSuccess: timestamp(1_795_687_170_250_000), lastError: "Slack answered 429",
        rateLimitedUntil: timestamp(1_795_687_200_000_000), entriesFetched: 123_456, entriesPending: 1500,
        watermark: timestamp(1_795_686_598_123_456), created: timestamp(1_795_075_200_000_000),
        credential: "oauth", entriesDeadLettered: 3, clockSkewSeconds: -120)

    /// A failing delivery, with every field set.
    static let deliveryStatus = DeliveryStatus(
        failing: true, failingSince: timestamp(1_795_687_170_250_000), lastError: "UNAVAILABLE: connection refused",
        lastDelivered: timestamp(1_795_686_598_123_456))

    /// Every documented message with a Swift type. Health's vectors sit at the top level of
    /// `Protocol/vectors` (as `health.md` says), the services' in `vectors/<service>/`.
    static let samples: [ContractSample] = [
        ContractSample(
            "HealthCheckRequest", vector: "health_check_request",
            HealthCheckRequest(service: "palisade.detection.v1.Detection")),
        ContractSample("HealthCheckResponse", vector: "health_check_response", HealthCheckResponse(status: .serving)),
        ContractSample(
            "IngestBatch", vector: "ingestion/ingest_batch",
            IngestBatch(orgID: "E0123ABCD", connectionID: "conn_7f3a", batchID: 42, entries: [Data("{}".utf8), Data()])),
        ContractSample(
            "IngestSummary", vector: "ingestion/ingest_summary",
            IngestSummary(batches: 3, entries: 250, newEntries: 248, lastBatchID: 44)),
        ContractSample(
            "AddConnectionRequest", vector: "connector/add_connection_request",
            AddConnectionRequest(token: "xoxp-0000-example-token", backfillDays: 30)),
        ContractSample(
            "BeginOAuthRequest", vector: "connector/begin_oauth_request",
            BeginOAuthRequest(redirectURI: "http://127.0.0.1:53682/callback")),
        ContractSample(
            "BeginOAuthResponse", vector: "connector/begin_oauth_response",
            BeginOAuthResponse(authorizeURL: "https://slack.com/oauth/v2/authorize?x=1", state: "st_1")),
        ContractSample(
            "CompleteOAuthRequest", vector: "connector/complete_oauth_request",
            CompleteOAuthRequest(code: "c0de", state: "st_1", redirectURI: "http://127.0.0.1:53682/callback", backfillDays: 7)),
        ContractSample("ConnectionRef", vector: "connector/connection_ref", ConnectionRef(id: "E1")),
        ContractSample(
            "ConnectionList", vector: "connector/connection_list",
            ConnectionList(connections: [connectionInfo, connectionInfo], delivery: deliveryStatus)),
        ContractSample("DeliveryStatus", vector: "connector/delivery_status", deliveryStatus),
        ContractSample("Empty", vector: "connector/empty", Empty()),
        ContractSample("ConnectionInfo", vector: "connector/connection_info", connectionInfo),
        ContractSample("ActivityQuery", vector: "ingestion/activity_query", activityQuery),
        ContractSample("SubscribeRequest", vector: "ingestion/subscribe_request", SubscribeRequest(afterSequence: 1290)),
        ContractSample("IngestionStats", vector: "ingestion/ingestion_stats", ingestionStats),
        ContractSample("UnknownAction", vector: "ingestion/unknown_action", unknownAction),
        ContractSample("IPRange", vector: "ingestion/ip_range", ipRange),
        ContractSample("IPRangeList", vector: "ingestion/ip_range_list", IPRangeList(ranges: [ipRange])),
        ContractSample("IPRangeRef", vector: "ingestion/ip_range_ref", IPRangeRef(name: "Frankfurt office")),
        ContractSample("IPFeedChunk", vector: "ingestion/ip_feed_chunk", IPFeedChunk(format: .tor, data: Data("185.220.101.7\n".utf8))),
        ContractSample(
            "IPFeedSummary", vector: "ingestion/ip_feed_summary", IPFeedSummary(range: feedRange, networks: 1342, replaced: 1290)),
        ContractSample("Activity", vector: "activity/activity_app_acting_for_user", activity),
        ContractSample("ActivityActor", vector: "activity/activity_actor", actor),
        ContractSample("ActivityEntity", vector: "activity/activity_entity", entity),
        ContractSample("ActivityPlace", vector: "activity/activity_place", place),
        ContractSample("ActivityApp", vector: "activity/activity_app", app),
        ContractSample("ActivityAgentMessage", vector: "activity/activity_agent_message", agentMessage),
        ContractSample("ActivityLocation", vector: "activity/activity_location", location),
        ContractSample("Finding", vector: "detection/finding", findingEveryField),
        // Only ever inside a Finding: their vector is the finding's, which holds each of them.
        ContractSample("FindingUser", vector: "detection/finding", finding.user),
        ContractSample("FindingEvidence", vector: "detection/finding", finding.evidence[0]),
        ContractSample("BaselineFact", vector: "detection/finding", finding.baseline[0]),
        ContractSample(
            "SubscribeFindingsRequest", vector: "detection/subscribe_findings_request", SubscribeFindingsRequest(afterSequence: 1290)),
        ContractSample("PolicyDocument", vector: "detection/policy_document", policyDocument),
        ContractSample("PolicyRef", vector: "detection/policy_ref", PolicyRef(name: "Mass download")),
        ContractSample("PolicySwitch", vector: "detection/policy_switch", PolicySwitch(name: "Mass download", enabled: true)),
        ContractSample("PolicyInfo", vector: "detection/policy_info", policyInfo),
        // Every field of each element set, for the field check; the vector is a list as ListPolicies sends it (no sources).
        ContractSample("PolicyList", vector: "detection/policy_list", PolicyList(policies: [policyInfo])),
        ContractSample("UserStatusRequest", vector: "identity/user_status_request", userStatusRequest),
        ContractSample("UserStatus", vector: "identity/user_status", userStatus),
        ContractSample("UserActionRequest", vector: "identity/user_action_request", userActionRequest),
        // Only ever inside a UserActionRequest: its vector is the request's.
        ContractSample("UserNotice", vector: "identity/user_action_request", userNotice),
        ContractSample("UserActionResult", vector: "identity/user_action_result", userActionResult),
        ContractSample("IdentityCapabilities", vector: "identity/identity_capabilities", identityCapabilities),
    ]

    // MARK: Detection and identity samples: every field set

    static let finding = Finding(
        sequence: 12, id: "f_5b0d7c1e9a4f3b2a8c6d1e0f9a8b7c6d", detector: .impossibleTravel, policy: "", severity: .medium,
        orgID: "E0CONTOSO1", user: FindingUser(id: "W0ANA0001", email: "ana@acme.test", name: "Ana Ruiz"),
        time: timestamp(1_789_373_460_000_000), detected: timestamp(1_789_373_461_250_000),
        title: "Impossible travel: Germany to Brazil in 41 minutes",
        explanation: "ana@acme.test signed in from São Paulo, Brazil 41 minutes after Berlin, Germany, 9,800 km apart.",
        evidence: [
            FindingEvidence(sequence: 1290, entryID: "a1b2", time: timestamp(1_789_371_000_000_000), action: "user_login"),
            FindingEvidence(sequence: 1377, entryID: "c3d4", time: timestamp(1_789_373_460_000_000), action: "user_login"),
        ],
        baseline: [
            BaselineFact(name: "countries", value: "DE (last 2026-09-08), FR (last 2026-08-30)"),
            BaselineFact(name: "distanceKm", value: "9800"),
            BaselineFact(name: "speedKmh", value: "14341"),
        ],
        actions: [.notifyUser, .requireSignIn], dedupeKey: "W0ANA0001 a1b2 c3d4")
    /// `finding` with `policy` set too, so that every field is encoded: for the field check only,
    /// as a finding has a detector or a policy, never both.
    static let findingEveryField: Finding = {
        var both = finding
        both.policy = "Impossible travel, executives"
        return both
    }()
    /// The policy file of `policy_document` and `policy_info`.
    static let policySource = """
        name: Mass download
        description: Fifty files downloaded by one person within ten minutes.
        severity: high
        title: "{actor.email} downloaded many files"
        match: { action: file_downloaded }
        threshold: { count: 50, within: 10m }
        actions: [notify-user, require-sign-in]

        """
    static let policyDocument = PolicyDocument(source: policySource, fileName: "mass-download.yaml")
    /// A threshold policy switched off by the daily limit, with its source: every field set.
    static let policyInfo = PolicyInfo(
        name: "Mass download", description: "Fifty files downloaded by one person within ten minutes.", severity: .high,
        state: .overDailyLimit,
        reason:
            "matched more than 200,000 activities on 2026-12-07 (UTC); disabled to protect the service — narrow its filter and enable it again",
        source: policySource, created: timestamp(1_796_115_600_000_000), updated: timestamp(1_796_653_800_500_000), findings: 17,
        threshold: true, actions: [.notifyUser, .requireSignIn])
    /// `ListPolicies`' answer: `policyInfo` without its source, and an enabled policy with fewer fields.
    static let policyList = PolicyList(policies: [
        {
            var listed = policyInfo
            listed.source = ""
            return listed
        }(),
        PolicyInfo(
            name: "Slack export started", severity: .medium, state: .enabled, created: timestamp(1_796_115_600_000_000),
            updated: timestamp(1_796_115_600_000_000), findings: 2),
    ])
    static let userStatusRequest = UserStatusRequest(email: "ana@acme.test", providerID: "7f1c2d3e-0000-4000-8000-000000000001")
    static let userStatus = UserStatus(
        state: .deleted, providerID: "7f1c2d3e-0000-4000-8000-000000000001", displayName: "Ana Ruiz", email: "ana@acme.test",
        provider: "entra", deleted: timestamp(1_789_300_000_000_000), asOf: timestamp(1_789_373_400_000_000))

    static let userActionRequest = UserActionRequest(
        idempotencyKey: "alert-42/notify", email: "ana@acme.test", providerID: "7f1c2d3e-0000-4000-8000-000000000001",
        reason: "alert 42: Impossible travel", notice: userNotice)
    static let userNotice = UserNotice(
        subject: "Unusual sign-in to Slack", text: "We saw a sign-in from Brazil 41 minutes after one from Germany.",
        link: "https://palisade.acme.test/alerts/42")
    static let userActionResult = UserActionResult(
        action: .suspendUser, outcome: .alreadyDone, providerID: "7f1c2d3e-0000-4000-8000-000000000001", email: "ana@acme.test",
        provider: "entra", providerRequestID: "9c6f279f-f781-4da5-948d-aa3d97ef5103", completed: timestamp(1_789_373_460_000_000),
        replayed: true, detail: "ana@acme.test was already suspended")
    static let identityCapabilities = IdentityCapabilities(
        provider: "entra", actions: [.notifyUser, .requireSignIn, .suspendUser, .unsuspendUser],
        notifyChannel: "graph sendMail as palisade-alerts@acme.test", tenant: "acme.test")

    // MARK: Ingestion samples: every field set

    static let activityQuery = ActivityQuery(
        from: timestamp(1_789_372_800_000_000), to: timestamp(1_789_459_200_000_000), orgIDs: ["E0CONTOSO1"],
        users: ["W0BEN0002", "ana.ruiz@contoso.com"], actions: ["file_downloaded"], categories: [.file, .login], ips: ["203.0.113.0/24"],
        countries: ["DE"], ipCategories: [.risky], ipTags: ["Tor"], apps: ["A07EXPORTR"], administrative: false, impersonated: true,
        text: "okafor", order: .oldestFirst, limit: 500, cursor: "1789372272:1290")
    static let unknownAction = UnknownAction(
        action: "user_sso_teleported", count: 3, firstSeen: timestamp(1_789_373_031_412_503), lastSeen: timestamp(1_789_459_231_000_000))
    static let ingestionStats = IngestionStats(
        activities: 1_000_000, firstSequence: 41, lastSequence: 1_000_040, firstTime: timestamp(1_789_000_000_000_000),
        lastTime: timestamp(1_789_459_200_000_000), databaseBytes: 1_234_567_890, geoipDatabase: "DBIP-City-Lite /var/lib/geoip/dbip.mmdb",
        geoipBuilt: timestamp(1_680_308_760_000_000), ipRanges: 3, ipNetworks: 1342, unknownActions: [unknownAction], retentionDays: 180,
        warnings: ["GeoIP database DBIP-City-Lite was built 2023-04-01, over a year ago"])
    static let ipRange = IPRange(
        name: "Frankfurt office", networks: ["203.0.113.0/25", "2001:db8:f::/48"], category: .corporate, tags: ["Frankfurt office"],
        source: "operator", updated: timestamp(1_789_373_031_412_503))
    static let feedRange = IPRange(
        name: "tor", networks: ["185.220.101.7"], category: .risky, tags: ["Tor"], source: "tor", updated: timestamp(1_789_373_031_412_503))

    // MARK: Activity samples: every field set

    static let actor = ActivityActor(
        kind: .user, type: "user", id: "W0ALICE001", name: "Alice", email: "alice@example.com", team: "E0CONTOSO1",
        accountType: "owner", fields: ["x": "1"])
    static let entity = ActivityEntity(
        type: "channel", id: "C01", name: "general", email: "e@example.com", team: "T01", domain: "contoso", accountType: "user",
        privacy: "public", shared: true, orgShared: false, sharedWith: ["T02"], fileType: "pdf", title: "Plan", scopes: ["chat:write"],
        botScopes: ["bot"], distributed: true, directoryApproved: false, workflowApp: true, appID: "A01", channel: "C02",
        messageTS: "1700000000.000100", fields: ["y": "2"])
    static let place = ActivityPlace(type: "workspace", id: "T01", name: "Contoso", domain: "contoso")
    static let app = ActivityApp(
        id: "A01", name: "Notes", scopes: ["files:read"], botScopes: ["chat:write"], distributed: true, directoryApproved: true,
        workflowApp: false, creator: "W0ALICE001", team: "T01", fields: ["z": "3"])
    static let agentMessage = ActivityAgentMessage(team: "T01", channelID: "C01", messageTS: "1.2", threadTS: "1.1")
    static let location = ActivityLocation(
        country: "DE", subdivision: "Berlin", city: "Berlin", latitude: 52.52, longitude: 13.4, accuracyRadiusKm: 20,
        databaseBuilt: timestamp(1_680_307_200_000_000))
    static let activity = Activity(
        sequence: 7, orgID: "E0CONTOSO1", entryID: "e1", time: timestamp(1_789_373_000_000_000),
        ingested: timestamp(1_789_373_031_412_503), action: "file_downloaded", category: .file, administrative: true,
        unknownAction: true, actor: actor, entity: entity, place: place, ip: "203.0.113.7", userAgent: "Mozilla/5.0",
        sessionID: "1234", impersonated: true, actingApp: app, actingAgent: "Slackbot", agentMessage: agentMessage,
        location: location, ipCategory: .vpn, ipTags: ["Tor"], details: #"{"a":1}"#, raw: Data("{}".utf8))
}
