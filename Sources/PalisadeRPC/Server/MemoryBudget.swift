import Synchronization

/// One process-wide budget for the bytes the server holds for its peers: request messages
/// received and not yet handled, and response bytes queued and not yet written.
///
/// Every connection's buffers are bounded on their own (flow-control windows inbound, the
/// `OutboundGate` outbound); the budget bounds their sum. Past it, new calls are answered
/// `RESOURCE_EXHAUSTED` and responses wait, while calls already admitted go on.
final class MemoryBudget: Sendable {
    /// The most the server means to hold, in bytes.
    let limit: Int
    private let used = Atomic<Int>(0)

    /// A budget of `limit` bytes.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Bytes held now.
    var inUse: Int { used.load(ordering: .relaxed) }

    /// Whether anything is left (new calls are admitted while it is).
    var hasRoom: Bool { inUse < limit }

    /// Records `bytes` more held.
    func charge(_ bytes: Int) {
        guard bytes > 0 else { return }
        used.add(bytes, ordering: .relaxed)
    }

    /// Records `bytes` given back.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        used.subtract(bytes, ordering: .relaxed)
    }
}
