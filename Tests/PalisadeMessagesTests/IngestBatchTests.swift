import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

@Suite("IngestBatch beyond the vectors: newer senders and large batches")
struct IngestBatchTests {
    @Test("a batch with an unknown field 9 (from a newer connector) decodes; re-encoding drops it")
    func unknownFieldIsSkipped() throws {
        let canonical = try VectorFiles.hex("ingestion/ingest_batch.hex")
        // Field 9 as each skippable wire type, placed first, in the middle and last.
        let varint9: [UInt8] = [0x48, 0x96, 0x01]  // #9 VARINT 150
        let bytes9: [UInt8] = [0x4A, 0x03, 0x61, 0x62, 0x63]  // #9 LENGTH-DELIMITED "abc"
        let fixed9: [UInt8] = [0x49, 1, 2, 3, 4, 5, 6, 7, 8]  // #9 FIXED64
        let withExtra = varint9 + canonical.prefix(11) + bytes9 + canonical.dropFirst(11) + fixed9

        let decoded = try WireDecoder().decode(IngestBatch.self, from: withExtra)
        #expect(decoded == MessageVectors.batch)
        #expect(try WireEncoder().encode(decoded) == canonical)
    }

    @Test("JSON with an unknown member decodes")
    func unknownJSONMemberIsIgnored() throws {
        let json = #"{"orgID":"E1","batchID":7,"entries":[],"priority":"high"}"#
        let decoded = try WireJSONDecoder().decode(IngestBatch.self, from: Array(json.utf8))
        #expect(decoded == IngestBatch(orgID: "E1", batchID: 7))
    }

    @Test("10,000 entries of 800 bytes encode and decode to the same value")
    func largeBatchRoundTrips() throws {
        let entries = (0..<10_000).map { Self.entry(index: $0, size: 800) }
        let batch = IngestBatch(orgID: "E0123ABCD", connectionID: "conn_7f3a", batchID: 1 << 40, entries: entries)

        let encoded = try WireEncoder().encode(batch)
        // Each entry costs its 800 bytes plus a key byte and a 2-byte length.
        #expect(encoded.count == 11 + 11 + 7 + 10_000 * 803)
        // 8 MB is over the 4 MiB default message size (which is why senders split batches,
        // see ingestion.md), so this reader is given room for it.
        #expect(throws: WireError.self) { try WireDecoder().decode(IngestBatch.self, from: encoded) }
        let roomy = WireDecoder(limits: WireLimits(maxMessageSize: 16 * 1024 * 1024))
        let decoded = try roomy.decode(IngestBatch.self, from: encoded)
        #expect(decoded == batch)
    }

    @Test("a batch of ~3 MiB, the size senders aim for, fits the default limit")
    func threeMiBBatchFitsDefaultLimit() throws {
        let entries = (0..<3900).map { Self.entry(index: $0, size: 800) }
        let encoded = try WireEncoder().encode(IngestBatch(orgID: "E0123ABCD", batchID: 1, entries: entries))
        #expect(encoded.count <= 3 * 1024 * 1024)
        #expect(try WireDecoder().decode(IngestBatch.self, from: encoded).entries == entries)
    }

    /// A JSON object of exactly `size` bytes with a distinct id, like a Slack audit entry.
    static func entry(index: Int, size: Int) -> Data {
        let head = #"{"id":"entry-\#(index)","date_create":\#(1_700_000_000 + index),"action":"user_login","pad":""#
        let tail = #""}"#
        let padding = String(repeating: "x", count: size - head.utf8.count - tail.utf8.count)
        return Data((head + padding + tail).utf8)
    }
}
