import Synchronization

/// Bounds the response bytes one connection's handlers may have queued and not yet written.
///
/// A peer that stops reading (or gives its streams a zero window) must not make each of its
/// hundred streams queue a whole message: a handler waits in `RPCResponseWriter.write` before
/// it even frames its next message until the connection's queued bytes are under `limit` and
/// the process's `MemoryBudget` has room. One message may overshoot, so that messages larger
/// than the limit still go out, one at a time.
final class OutboundGate: Sendable {
    /// Queued bytes under which a connection's handlers may queue more.
    let limit: Int
    /// The process-wide budget this gate charges too.
    let budget: MemoryBudget
    private struct State {
        var queued = 0
        var waiting: [CallBridge] = []
    }
    private let state = Mutex(State())

    /// A gate of `limit` bytes that also charges `budget`.
    init(limit: Int, budget: MemoryBudget) {
        self.limit = limit
        self.budget = budget
    }

    /// Whether `bridge` may queue now; if not, it is woken (`gateOpened`) when bytes drain.
    func admit(_ bridge: CallBridge) -> Bool {
        state.withLock { s in
            if s.queued < limit, budget.hasRoom || s.queued == 0 { return true }
            if !s.waiting.contains(where: { $0 === bridge }) { s.waiting.append(bridge) }
            return false
        }
    }

    /// `bytes` more are queued on this connection.
    func charge(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { $0.queued += bytes }
        budget.charge(bytes)
    }

    /// `bytes` left the queues (written, or dropped with their stream); wakes the waiters when
    /// there is room again.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        budget.release(bytes)
        let woken = state.withLock { s -> [CallBridge] in
            s.queued -= bytes
            guard s.queued < limit, !s.waiting.isEmpty else { return [] }
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for bridge in woken { bridge.gateOpened() }
    }

    /// Forgets a waiter whose call ended.
    func forget(_ bridge: CallBridge) {
        state.withLock { s in s.waiting.removeAll { $0 === bridge } }
    }
}
