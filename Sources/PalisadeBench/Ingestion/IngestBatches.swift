import Foundation
import PalisadeMessages
import PalisadeSlackSimulator

/// Simulator entries cut into `IngestBatch`es the way the connector cuts its outbox: in order,
/// each batch filled up to 3 MiB (an entry counted with 16 bytes of framing, as
/// `ConnectorStore` counts it), so about 3,900 of Slack's ~800-byte entries each.
enum IngestBatches {
    static let maxBatchBytes = 3 << 20

    /// `entries` in batches for `orgID`, numbered from `firstBatchID`.
    static func make(_ entries: [SimEntry], orgID: String, firstBatchID: UInt64 = 1) -> [IngestBatch] {
        var batches: [IngestBatch] = []
        var current: [Data] = []
        var bytes = 0
        for entry in entries {
            let size = entry.json.count + 16
            if !current.isEmpty, bytes + size > maxBatchBytes {
                batches.append(batch(current, orgID: orgID, id: firstBatchID + UInt64(batches.count)))
                current = []
                bytes = 0
            }
            current.append(Data(entry.json))
            bytes += size
        }
        if !current.isEmpty { batches.append(batch(current, orgID: orgID, id: firstBatchID + UInt64(batches.count))) }
        return batches
    }

    private static func batch(_ entries: [Data], orgID: String, id: UInt64) -> IngestBatch {
        IngestBatch(orgID: orgID, connectionID: "bench", batchID: id, entries: entries)
    }
}
