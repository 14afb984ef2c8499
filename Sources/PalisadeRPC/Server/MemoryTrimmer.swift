internal import CPosix
import Dispatch
import Synchronization

/// Gives memory back to the system after a burst.
///
/// glibc keeps freed memory in its arenas for reuse; after an attack or a load spike the
/// process can sit at hundreds of megabytes of RSS with a few in use. Once a second the
/// listener's loop asks malloc how much it holds free; past `threshold`, `malloc_trim(0)` runs
/// on a utility thread (it walks the heap, so not on an event loop), one at a time.
final class MemoryTrimmer: Sendable {
    /// Free bytes held by malloc past which a trim is worth its cost.
    let threshold: Int
    private let running = Atomic<Bool>(false)

    /// A trimmer that trims past `threshold` free bytes.
    init(threshold: Int = 32 << 20) {
        self.threshold = threshold
    }

    /// Checks once, and every `interval` after, on `loop`, while `keepGoing()` holds.
    func start(on loop: EventLoop, every interval: Duration = .seconds(1), while keepGoing: @escaping () -> Bool) {
        loop.schedule(at: MonotonicClock.after(interval)) { [self] in
            guard keepGoing() else { return }
            trimIfWorthIt()
            start(on: loop, every: interval, while: keepGoing)
        }
    }

    /// Trims now if malloc holds more than `threshold` free bytes and no trim is running.
    func trimIfWorthIt() {
        guard Int(CPosix_mallocFreeBytes()) > threshold,
            running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            _ = CPosix_mallocTrim()
            running.store(false, ordering: .releasing)
        }
    }
}
