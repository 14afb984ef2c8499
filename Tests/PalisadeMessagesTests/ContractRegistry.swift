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
    /// Documented messages with no Swift type yet, each with the reason: `Protocol/activity.md`
    /// is specified ahead of the service that writes it.
    static let withoutSwiftType: [String: String] = [
        "Activity": "defined with the ingestion service, issue 13",
        "ActivityActor": "defined with the ingestion service, issue 13",
        "ActivityEntity": "defined with the ingestion service, issue 13",
        "ActivityPlace": "defined with the ingestion service, issue 13",
        "ActivityApp": "defined with the ingestion service, issue 13",
        "ActivityAgentMessage": "defined with the ingestion service, issue 13",
        "ActivityLocation": "defined with the ingestion service, issue 13",
    ]

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
    ]
}
