import Synchronization

/// A wait that ends at a deadline or when someone signals (an operator's `Sync`, new work, shutdown).
/// A signal sent while nobody waits is kept for the next wait, so none is lost.
public final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    /// A wakeup with no signal pending.
    public init() {}

    /// Ends the current wait, or the next one.
    public func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Waits up to `timeout` for a signal; returns at once if one is pending or the task is cancelled.
    public func wait(timeout: Duration) async {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { self?.signal() }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending {
                        s.pending = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            signal()
        }
        timer.cancel()
        // A timer that fired while the wait was already ending must not pre-empt the next wait.
        state.withLock { $0.pending = false }
    }
}
