import Foundation

/// The first entries of the outbox, oldest first, as one `Ingest` call carries them: whole
/// batches, the last one possibly cut short.
///
/// A call normally takes whole batches. While the forwarder looks for an entry that ingestion
/// refuses for good, it sends a part of the head instead (`Protocol/ingestion.md`, "Final and
/// retryable statuses"), and what was sent leaves the outbox: acknowledged, or moved to the
/// dead-letter table. The entries the cut left behind stay queued, first in line.
public struct OutboxPrefix: Sendable, Equatable {
    /// The batches to send, oldest first; the last may hold only its first entries.
    public private(set) var batches: [OutboxBatch]
    /// The batch the prefix cut short, holding the entries it leaves queued; nil when it took
    /// whole batches only.
    public private(set) var rest: OutboxBatch?

    /// The first `count` entries of `head` (the oldest batches, as `pendingBatches` read them);
    /// all of them when `count` is at least their number.
    public init(_ head: [OutboxBatch], entries count: Int) {
        var batches: [OutboxBatch] = []
        var rest: OutboxBatch?
        var left = max(0, count)
        for batch in head where left > 0 {
            guard batch.entries.count > left else {
                batches.append(batch)
                left -= batch.entries.count
                continue
            }
            var taken = batch
            taken.entries = Array(batch.entries.prefix(left))
            var kept = batch
            kept.entries = Array(batch.entries.dropFirst(left))
            batches.append(taken)
            rest = kept
            left = 0
        }
        self.batches = batches
        self.rest = rest
    }

    /// The whole of `head`.
    public init(_ head: [OutboxBatch]) {
        batches = head
        rest = nil
    }

    /// Entries the prefix holds.
    public var entryCount: Int { batches.reduce(0) { $0 + $1.entries.count } }
}
