import Synchronization

/// What the server's registry may read about a connection from any thread, to choose which
/// connection to evict when it is at its connection cap: the connection's loop writes it, the
/// listener's loop reads it.
final class ConnectionActivity: Sendable {
    /// 0 while calls are in flight; otherwise when the connection last became idle (monotonic ns).
    private let idleSinceStorage: Atomic<UInt64>
    /// Whether any request was ever served on the connection.
    private let servedStorage = Atomic<Bool>(false)
    /// Chosen for eviction already: not to be chosen twice.
    private let evictingStorage = Atomic<Bool>(false)

    /// A new connection, idle since `now`.
    init(now: UInt64) {
        idleSinceStorage = Atomic(now)
    }

    /// A call started.
    func busy() {
        idleSinceStorage.store(0, ordering: .relaxed)
        servedStorage.store(true, ordering: .relaxed)
    }

    /// The last call ended at `now`.
    func idle(now: UInt64) {
        idleSinceStorage.store(max(1, now), ordering: .relaxed)
    }

    /// When the connection became idle; nil while it has calls in flight.
    var idleSince: UInt64? {
        let value = idleSinceStorage.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Whether the connection ever carried a request.
    var hasServed: Bool { servedStorage.load(ordering: .relaxed) }

    /// Claims the connection for eviction; false when another accept already did.
    func claimForEviction() -> Bool {
        evictingStorage.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }

    /// The eviction did not happen (a call arrived first): the connection may be chosen again.
    func releaseEviction() {
        evictingStorage.store(false, ordering: .relaxed)
    }

    /// How strongly this connection should be evicted: connections that never carried a
    /// request first, then the longest idle; nil when it is busy or already being evicted.
    func evictionRank() -> (neverServed: Bool, idleSince: UInt64)? {
        guard let since = idleSince, !evictingStorage.load(ordering: .relaxed) else { return nil }
        return (!hasServed, since)
    }
}
