import Synchronization

/// Tells followers of a log that sequences up to a number are committed.
///
/// Ingestion's `Ingest` and detection's commits publish after each commit; a `Subscribe` or
/// `SubscribeFindings` stream that has sent everything stored waits here for a higher number. Holding only the highest number and the waiters (one per
/// caught-up subscriber), it costs the same whatever a subscriber's speed: a slow subscriber is
/// simply not waiting, and reads the store at its own pace.
public final class CommitSignal: Sendable {
    private struct State {
        var last: UInt64
        var waiters: [UInt64: (after: UInt64, continuation: CheckedContinuation<UInt64, Never>)] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state: Mutex<State>

    /// A signal starting at `last`, the highest sequence already committed.
    public init(last: UInt64) {
        state = Mutex(State(last: last))
    }

    /// The highest committed sequence known.
    public var last: UInt64 { state.withLock { $0.last } }

    /// Whether ``close()`` was called (the service is shutting down).
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Records that sequences up to `sequence` are committed and wakes the waiters it satisfies.
    public func publish(_ sequence: UInt64) {
        let woken = state.withLock { state -> [CheckedContinuation<UInt64, Never>] in
            guard sequence > state.last else { return [] }
            state.last = sequence
            let ready = state.waiters.filter { $0.value.after < sequence }
            for id in ready.keys { state.waiters[id] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume(returning: sequence) }
    }

    /// Waits until a sequence above `after` is committed and returns the highest one, or returns
    /// at once when one already is. Returns `after` when the task is cancelled or the signal closed.
    public func wait(after: UInt64) async -> UInt64 {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { state -> UInt64? in
                    if state.last > after || state.closed || Task.isCancelled { return max(state.last, after) }
                    state.waiters[id] = (after, continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: after)
        }
    }

    /// Wakes every waiter for good (shutdown).
    public func close() {
        let woken = state.withLock { state -> [(UInt64, CheckedContinuation<UInt64, Never>)] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map { ($0.after, $0.continuation) }
        }
        for (after, continuation) in woken { continuation.resume(returning: after) }
    }
}
