import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

/// A vector's expected value, with type-erased checks so one table covers every message type.
struct MessageVector: Sendable, CustomTestStringConvertible {
    let name: String
    let checkBinary: @Sendable (_ input: [UInt8], _ canonical: [UInt8]) throws -> Void
    let checkJSON: @Sendable (_ json: [UInt8]) throws -> Void

    var testDescription: String { name }

    init<T: Codable & Equatable & Sendable>(_ name: String, _ expected: T) {
        self.name = name
        checkBinary = { input, canonical in
            let decoded = try WireDecoder().decode(T.self, from: input)
            #expect(decoded == expected, "\(name): decoded value differs")
            let encoded = try WireEncoder().encode(expected)
            #expect(encoded == canonical, "\(name): got \(encoded.hexString), want \(canonical.hexString)")
            // Decoding and re-encoding what was read must give the same bytes back.
            #expect(try WireEncoder().encode(decoded) == canonical, "\(name): re-encoding the decoded value differs")
        }
        checkJSON = { json in
            let decoded = try WireJSONDecoder().decode(T.self, from: json)
            #expect(decoded == expected, "\(name): JSON decoded value differs")
            let encoded = try WireJSONEncoder().encode(expected)
            let actual = try JSONSerialization.jsonObject(with: Data(encoded)) as? NSDictionary
            let wanted = try JSONSerialization.jsonObject(with: Data(json)) as? NSDictionary
            #expect(actual == wanted, "\(name): JSON got \(String(decoding: encoded, as: UTF8.self))")
            #expect(try WireJSONDecoder().decode(T.self, from: encoded) == expected, "\(name): JSON round trip differs")
        }
    }
}

extension [UInt8] {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// Microsecond timestamps built the same way the decoders build them.
func timestamp(_ micros: Int64) -> Date {
    Date(timeIntervalSince1970: Double(micros) / 1_000_000)
}

/// The values the files in `Protocol/vectors/{ingestion,connector}` describe.
enum MessageVectors {
    /// The two raw Slack audit entries of `ingest_batch`.
    static let entries: [Data] = [
        Data(#"{"id":"a1","date_create":1700000000,"action":"user_login"}"#.utf8),
        Data(#"{"id":"a2","date_create":1700000060,"action":"file_downloaded"}"#.utf8),
    ]

    static let batch = IngestBatch(orgID: "E0123ABCD", connectionID: "conn_7f3a", batchID: 42, entries: entries)

    static let ingestion: [MessageVector] = [
        MessageVector("ingestion/ingest_batch", batch),
        MessageVector(
            "ingestion/ingest_summary", IngestSummary(batches: 3, entries: 250, newEntries: 248, lastBatchID: 44)),
    ]

    static let connector: [MessageVector] = [
        MessageVector(
            "connector/add_connection_request",
            AddConnectionRequest(token: "xoxp-0000-example-token", backfillDays: 30)),
        MessageVector(
            "connector/connection_info",
            ConnectionInfo(
                id: "conn_7f3a", orgID: "E0123ABCD", orgName: "Acme Corp", state: .rateLimited,
                statusText: "Rate limited until 2026-11-26T10:00:00Z", backfillPercent: 42.5,
                lastSuccess: timestamp(1_795_687_170_250_000),
                lastError: "Slack answered 429 Too Many Requests (Retry-After 30)",
                rateLimitedUntil: timestamp(1_795_687_200_000_000), entriesFetched: 123_456, entriesPending: 1500,
                watermark: timestamp(1_795_686_598_123_456), created: timestamp(1_795_075_200_000_000),
                credential: "oauth")),
    ]

    static let all = ingestion + connector
}

@Suite("Golden vectors of the service messages in Protocol/vectors")
struct MessageVectorTests {
    @Test("every vector file has an expected value, and every expected value a file")
    func tableMatchesDirectories() throws {
        #expect(try VectorFiles.names(in: "ingestion") == MessageVectors.ingestion.map(\.name).sorted())
        #expect(try VectorFiles.names(in: "connector") == MessageVectors.connector.map(\.name).sorted())
    }

    @Test("binary: decode equals the expected value, encode reproduces the bytes", arguments: MessageVectors.all)
    func binary(_ vector: MessageVector) throws {
        let input = try VectorFiles.hex("\(vector.name).hex")
        let canonicalFile = "\(vector.name).canonical.hex"
        let canonical = VectorFiles.exists(canonicalFile) ? try VectorFiles.hex(canonicalFile) : input
        try vector.checkBinary(input, canonical)
    }

    @Test("JSON: decode equals the expected value, encode gives the same JSON", arguments: MessageVectors.all)
    func json(_ vector: MessageVector) throws {
        try vector.checkJSON(try VectorFiles.data("\(vector.name).json"))
    }

    @Test("the entries of ingest_batch are the raw JSON bytes, unchanged")
    func entriesAreRawBytes() throws {
        let decoded = try WireDecoder().decode(IngestBatch.self, from: try VectorFiles.hex("ingestion/ingest_batch.hex"))
        let texts = decoded.entries.map { String(decoding: $0, as: UTF8.self) }
        #expect(texts == [
            #"{"id":"a1","date_create":1700000000,"action":"user_login"}"#,
            #"{"id":"a2","date_create":1700000060,"action":"file_downloaded"}"#,
        ])
    }
}
