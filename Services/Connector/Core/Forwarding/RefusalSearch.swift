import PalisadeWire

/// The search, by halves, for the entry that ingestion refuses for good at the head of the
/// outbox (`Protocol/ingestion.md`, "Final and retryable statuses").
///
/// Acknowledgement is all or nothing, so a final status says only that *some* entry of the call
/// was refused. The search knows that the first `count` entries of the outbox hold one; it sends
/// the first half of them alone: acknowledged, the refused entry lies in the other half (and
/// the acknowledged half has left the outbox); refused, in this half. Either outcome leaves at
/// most ⌈count / 2⌉ suspects, so finding the entry costs at most ⌈log₂ n⌉ + 1 calls for a call
/// of n entries; it is bounded by construction, whatever ingestion answers. Retryable failures
/// on the way change nothing: the same probe is sent again after the backoff.
struct RefusalSearch: Sendable, Equatable {
    /// The first `count` entries of the outbox hold at least one that ingestion refuses.
    private(set) var count: Int
    /// Ingestion's refusal of exactly those `count` entries, when the last call sent just them.
    private(set) var refusal: RPCError?

    /// What the forwarder does next.
    enum Step: Equatable {
        /// Send the first `entries` entries of the outbox, alone.
        case send(entries: Int)
        /// Move the first entry of the outbox to the dead-letter table: it was refused alone.
        case deadLetter(RPCError)
    }

    /// The search after a call of `count` entries was refused for good with `refusal`.
    init(refused count: Int, _ refusal: RPCError) {
        self.count = count
        self.refusal = refusal
    }

    private init(count: Int, refusal: RPCError?) {
        self.count = count
        self.refusal = refusal
    }

    /// The next step: dead-letter an entry refused alone, or send half of the suspects (the
    /// last suspect alone when it was not itself refused, e.g. its neighbour was accepted).
    var next: Step {
        if count <= 1, let refusal { return .deadLetter(refusal) }
        return .send(entries: max(1, count / 2))
    }

    /// The first `sent` entries were acknowledged: the search goes on in the rest, or ends
    /// (nil) when no suspect is left.
    func accepted(_ sent: Int) -> RefusalSearch? {
        count > sent ? RefusalSearch(count: count - sent, refusal: nil) : nil
    }
}
