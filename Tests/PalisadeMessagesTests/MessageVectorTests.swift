import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The values the files in `Protocol/vectors/{ingestion,connector}` describe.
enum MessageVectors {
    /// The two raw Slack audit entries of `ingest_batch`.
    static let entries: [Data] = [
        Data(#"{"id":"a1","date_create":1700000000,"action":"user_login"}"#.utf8),
        Data(#"{"id":"a2","date_create":1700000060,"action":"file_downloaded"}"#.utf8),
    ]

    static let batch = IngestBatch(orgID: "E0123ABCD", connectionID: "conn_7f3a", batchID: 42, entries: entries)

    static let ingestion: [GoldenVector] =
        [
            GoldenVector("ingestion/ingest_batch", batch),
            GoldenVector(
                "ingestion/ingest_summary", IngestSummary(batches: 3, entries: 250, newEntries: 248, lastBatchID: 44)),
        ] + ingestionReads

    /// The messages of Query, Subscribe, GetStats and the IP range catalogue: the contract samples.
    static let ingestionReads: [GoldenVector] = [
        GoldenVector("ingestion/activity_query", ContractRegistry.activityQuery),
        GoldenVector("ingestion/subscribe_request", SubscribeRequest(afterSequence: 1290)),
        GoldenVector("ingestion/ingestion_stats", ContractRegistry.ingestionStats),
        GoldenVector("ingestion/unknown_action", ContractRegistry.unknownAction),
        GoldenVector("ingestion/ip_range", ContractRegistry.ipRange),
        GoldenVector("ingestion/ip_range_list", IPRangeList(ranges: [ContractRegistry.ipRange])),
        GoldenVector("ingestion/ip_range_ref", IPRangeRef(name: "Frankfurt office")),
        GoldenVector("ingestion/ip_feed_chunk", IPFeedChunk(format: .tor, data: Data("185.220.101.7\n".utf8))),
        GoldenVector("ingestion/ip_feed_summary", IPFeedSummary(range: ContractRegistry.feedRange, networks: 1342, replaced: 1290)),
    ]

    /// The connection of `connection_info` (and of `connection_list`'s one entry).
    static let connectionInfo = ConnectionInfo(
        id: "conn_7f3a", orgID: "E0123ABCD", orgName: "Acme Corp", state: .rateLimited,
        statusText: "Rate limited until 2026-11-26T10:00:00Z", backfillPercent: 42.5,
        lastSuccess: timestamp(1_795_687_170_250_000),
        lastError: "Slack answered 429 Too Many Requests (Retry-After 30)",
        rateLimitedUntil: timestamp(1_795_687_200_000_000), entriesFetched: 123_456, entriesPending: 1500,
        watermark: timestamp(1_795_686_598_123_456), created: timestamp(1_795_075_200_000_000),
        credential: "oauth", entriesDeadLettered: 3, clockSkewSeconds: -120)

    static let connector: [GoldenVector] = [
        GoldenVector(
            "connector/add_connection_request",
            AddConnectionRequest(token: "xoxp-0000-example-token", backfillDays: 30)),
        GoldenVector("connector/connection_info", connectionInfo),
        GoldenVector("connector/begin_oauth_request", BeginOAuthRequest(redirectURI: "http://127.0.0.1:53682/callback")),
        GoldenVector(
            "connector/begin_oauth_response",
            BeginOAuthResponse(authorizeURL: "https://slack.com/oauth/v2/authorize?client_id=1.2&state=st_9q", state: "st_9q")),
        GoldenVector(
            "connector/complete_oauth_request",
            CompleteOAuthRequest(code: "c0de-example", state: "st_9q", redirectURI: "http://127.0.0.1:53682/callback", backfillDays: 7)),
        GoldenVector("connector/connection_ref", ConnectionRef(id: "conn_7f3a")),
        GoldenVector("connector/connection_list", ConnectionList(connections: [connectionInfo])),
        GoldenVector(
            "connector/delivery_status",
            DeliveryStatus(
                failing: true, failingSince: timestamp(1_795_687_170_250_000), lastError: "UNAVAILABLE: connection refused",
                lastDelivered: timestamp(1_795_686_598_123_456))),
        GoldenVector("connector/empty", Empty()),
    ]

    static let detection: [GoldenVector] = [
        GoldenVector("detection/finding", ContractRegistry.finding),
        GoldenVector("detection/finding_policy", policyFinding),
        GoldenVector("detection/subscribe_findings_request", SubscribeFindingsRequest(afterSequence: 1290)),
        GoldenVector("detection/policy_document", ContractRegistry.policyDocument),
        GoldenVector("detection/policy_info", ContractRegistry.policyInfo),
        GoldenVector("detection/policy_list", ContractRegistry.policyList),
        GoldenVector("detection/policy_ref", PolicyRef(name: "Mass download")),
        GoldenVector("detection/policy_switch", PolicySwitch(name: "Mass download", enabled: true)),
    ]

    /// A policy's finding: no detector, no baseline.
    static let policyFinding = Finding(
        sequence: 13, id: "f_0e1d2c3b4a5968778695a4b3c2d1e0f1", policy: "Data export started", severity: .high, orgID: "E0CONTOSO1",
        user: FindingUser(id: "W0BEN0002", email: "ben@acme.test", name: "Ben Okafor"), time: timestamp(1_789_373_500_000_000),
        detected: timestamp(1_789_373_501_000_000), title: "Data export started by ben@acme.test",
        explanation: "ben@acme.test started an export of all workspace data.",
        evidence: [FindingEvidence(sequence: 1400, entryID: "e5f6", time: timestamp(1_789_373_500_000_000), action: "export_start")],
        actions: [.notifyUser], dedupeKey: "e5f6")

    static let identity: [GoldenVector] = [
        GoldenVector("identity/user_status_request", ContractRegistry.userStatusRequest),
        GoldenVector("identity/user_status", ContractRegistry.userStatus),
        GoldenVector("identity/user_action_request", ContractRegistry.userActionRequest),
        GoldenVector("identity/user_action_result", ContractRegistry.userActionResult),
        GoldenVector("identity/identity_capabilities", ContractRegistry.identityCapabilities),
    ]

    static let all = ingestion + connector + detection + identity
}

@Suite("Golden vectors of the service messages in Protocol/vectors")
struct MessageVectorTests {
    @Test("every vector file has an expected value, and every expected value a file")
    func tableMatchesDirectories() throws {
        #expect(try VectorFiles.names(in: "ingestion") == MessageVectors.ingestion.map(\.name).sorted())
        #expect(try VectorFiles.names(in: "connector") == MessageVectors.connector.map(\.name).sorted())
        #expect(try VectorFiles.names(in: "detection") == MessageVectors.detection.map(\.name).sorted())
        #expect(try VectorFiles.names(in: "identity") == MessageVectors.identity.map(\.name).sorted())
    }

    @Test("binary: decode equals the expected value, encode reproduces the bytes", arguments: MessageVectors.all)
    func binary(_ vector: GoldenVector) throws {
        let problems = try vector.binaryProblems()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("JSON: decode equals the expected value, encode gives the same JSON", arguments: MessageVectors.all)
    func json(_ vector: GoldenVector) throws {
        let problems = try vector.jsonProblems()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the entries of ingest_batch are the raw JSON bytes, unchanged")
    func entriesAreRawBytes() throws {
        let decoded = try WireDecoder().decode(IngestBatch.self, from: try VectorFiles.hex("ingestion/ingest_batch.hex"))
        let texts = decoded.entries.map { String(decoding: $0, as: UTF8.self) }
        #expect(
            texts == [
                #"{"id":"a1","date_create":1700000000,"action":"user_login"}"#,
                #"{"id":"a2","date_create":1700000060,"action":"file_downloaded"}"#,
            ])
    }
}
