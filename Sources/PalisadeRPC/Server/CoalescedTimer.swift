/// One loop timer serving a deadline that moves often (a connection's idle deadline, an HTTP/1.1
/// request's deadline): the pending timer is replaced only when the new deadline is earlier, so a
/// busy connection keeps one live timer instead of arming and cancelling one per call or request.
/// A timer that fires before the real deadline is expected to look at it and arm again.
///
/// Loop thread only, like the timers it holds.
struct CoalescedTimer {
    private var id: UInt64?
    private var firesAt: UInt64 = 0

    /// Makes sure a timer fires no later than `deadline`, running `action`.
    mutating func arm(at deadline: UInt64, on loop: EventLoop, _ action: @escaping () -> Void) {
        if let id {
            guard firesAt > deadline else { return }
            loop.cancelTimer(id)
        }
        firesAt = deadline
        id = loop.schedule(at: deadline, action)
    }

    /// The timer fired: the next `arm` schedules a new one. Call first thing in its action.
    mutating func fired() {
        id = nil
    }

    /// Cancels the pending timer, if any.
    mutating func cancel(on loop: EventLoop) {
        if let id { loop.cancelTimer(id) }
        id = nil
    }
}
