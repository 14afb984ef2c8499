internal import CPosix
import Foundation
import Glibc
internal import HeapModule
import Synchronization

/// Something registered with an event loop for readiness of one file descriptor.
protocol LoopSelectable: AnyObject {
    /// Called on the loop thread with the `epoll` event bits that fired.
    func handleEvents(_ events: UInt32)
}

/// Something that has output to write at the end of the current loop iteration.
protocol LoopFlushable: AnyObject {
    /// Called on the loop thread once per iteration in which `flushLater` was asked for.
    func flushNow()
}

/// A single-threaded epoll event loop.
///
/// Every connection lives on exactly one loop for its whole life, and every nghttp2 session and
/// OpenSSL object is touched only from that loop's thread (both libraries require it). Other
/// threads hand work over with `execute`, which queues a closure and wakes the loop through an
/// `eventfd`. Writes are coalesced: code that changes a connection asks for `flushLater`, and
/// the loop flushes each such connection once, after it has handled everything that was ready.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: `pending` is protected by a Mutex; everything else is read or written only on
    // the loop thread (checked by `assertInLoop` in debug builds), or is immutable after init.

    private let epollFD: Int32
    private let wakeFD: Int32
    private let pending = Mutex<Pending>(Pending())
    private struct Pending {
        var tasks: [@Sendable () -> Void] = []
        var jobs: [UnownedJob] = []
        var wakeArmed = false
        var stopping = false
    }

    private var selectables: [Int32: any LoopSelectable] = [:]
    private var flushQueue: [any LoopFlushable] = []
    private var timers = Heap<TimerEntry>()
    private var timerActions: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 1
    /// The loop thread's id (`pthread_t`, an integer on Linux), 0 until the thread runs.
    private let threadID = Atomic<UInt>(0)
    private let finished = DispatchSemaphore(value: 0)

    /// A loop-wide scratch buffer for socket reads (one read at a time per loop).
    var readBuffer = [UInt8](repeating: 0, count: 64 << 10)

    /// The loop's name, used for its thread.
    public let name: String

    /// Starts a loop on a new thread.
    public init(name: String = "palisade-loop") throws(SocketError) {
        self.name = name
        let ep = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard ep >= 0 else { throw SocketError("epoll_create1") }
        let ev = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard ev >= 0 else {
            close(ep)
            throw SocketError("eventfd")
        }
        epollFD = ep
        wakeFD = ev
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = ev
        guard epoll_ctl(ep, EPOLL_CTL_ADD, ev, &event) == 0 else {
            close(ep)
            close(ev)
            throw SocketError("epoll_ctl")
        }
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        close(epollFD)
        close(wakeFD)
    }

    /// Whether the caller is running on this loop's thread.
    public var inLoop: Bool {
        threadID.load(ordering: .relaxed) == UInt(pthread_self())
    }

    func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inLoop, "must run on event loop \(name)", file: file, line: line)
    }

    /// Runs `task` on the loop thread, soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let needsWake = pending.withLock { state -> Bool in
            state.tasks.append(task)
            return Self.armWake(&state)
        }
        if needsWake { wake() }
    }

    /// Whether the caller must write the eventfd. The loop thread never needs to: it drains the
    /// queues before it sleeps again.
    private static func armWake(_ state: inout Pending) -> Bool {
        if state.wakeArmed { return false }
        state.wakeArmed = true
        return true
    }

    private func wake() {
        if inLoop { return }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Stops the loop after the tasks already queued have run, and waits for its thread to end.
    /// Registered selectables are dropped (their owners close their descriptors).
    public func shutdownGracefully() {
        pending.withLock { $0.stopping = true }
        execute {}
        if !inLoop { finished.wait() }
    }

    // MARK: Registration (loop thread only)

    func register(_ fd: Int32, events: UInt32, _ selectable: any LoopSelectable) throws(SocketError) {
        assertInLoop()
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else { throw SocketError("epoll_ctl(ADD)") }
        selectables[fd] = selectable
    }

    func modify(_ fd: Int32, events: UInt32) {
        assertInLoop()
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func unregister(_ fd: Int32) {
        assertInLoop()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        selectables[fd] = nil
    }

    /// Asks for `target.flushNow()` at the end of this iteration. Callers keep their own
    /// "already scheduled" flag so a busy connection is queued once per iteration.
    func flushLater(_ target: any LoopFlushable) {
        assertInLoop()
        flushQueue.append(target)
    }

    // MARK: Timers (loop thread only)

    /// Runs `action` on the loop at `deadline` (monotonic nanoseconds). Returns an id for `cancelTimer`.
    @discardableResult
    func schedule(at deadline: UInt64, _ action: @escaping () -> Void) -> UInt64 {
        assertInLoop()
        let id = nextTimerID
        nextTimerID += 1
        timers.insert(TimerEntry(deadline: deadline, id: id))
        timerActions[id] = action
        return id
    }

    /// Cancels a timer. Its heap entry stays until it reaches the head (cheap), but once dead
    /// entries outnumber live ones the heap is rebuilt from the live ones: a peer whose every
    /// request arms and cancels a timer must not grow the heap (and the loop's work) without
    /// bound. Amortised O(1) per cancel.
    func cancelTimer(_ id: UInt64) {
        guard timerActions.removeValue(forKey: id) != nil else { return }
        if timers.count > 1024, timers.count > 2 * timerActions.count {
            timers = Heap(timers.unordered.filter { timerActions[$0.id] != nil })
        }
    }

    // MARK: The loop

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let timeout = hasQueuedWork ? 0 : nextTimeoutMillis()
            let n = events.withUnsafeMutableBufferPointer {
                epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout)
            }
            if n > 0 {
                for i in 0..<Int(n) {
                    let fd = events[i].data.fd
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = read(wakeFD, &value, 8)
                        continue
                    }
                    selectables[fd]?.handleEvents(events[i].events)
                }
            }
            if runTasks() { break }
            runTimers()
            drainFlushQueue()
        }
        selectables.removeAll()
        flushQueue.removeAll()
        timerActions.removeAll()
        finished.signal()
    }

    private var hasQueuedWork: Bool {
        pending.withLock { !$0.tasks.isEmpty || !$0.jobs.isEmpty }
    }

    /// Runs queued closures and task jobs; returns true when the loop must stop. Work queued
    /// while running (a resumed handler that sends, a send that completes a call) runs in the
    /// same pass, up to a bound, so that a busy loop still gets back to its sockets.
    private func runTasks() -> Bool {
        for _ in 0..<16 {
            let (tasks, jobs, stopping) = pending.withLock { state -> ([@Sendable () -> Void], [UnownedJob], Bool) in
                let taken = (state.tasks, state.jobs, state.stopping)
                state.tasks.removeAll(keepingCapacity: true)
                state.jobs.removeAll(keepingCapacity: true)
                state.wakeArmed = false
                return taken
            }
            if tasks.isEmpty && jobs.isEmpty { return stopping }
            for task in tasks { task() }
            for job in jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
        return false
    }

    private func runTimers() {
        guard !timers.isEmpty else { return }
        let now = MonotonicClock.now
        while let first = timers.min, first.deadline <= now {
            _ = timers.removeMin()
            if let action = timerActions.removeValue(forKey: first.id) { action() }
        }
    }

    private func drainFlushQueue() {
        // Flushing can queue more flushes (a write that completes a stream starts the next):
        // loop until the queue stays empty.
        while !flushQueue.isEmpty {
            let queue = flushQueue
            flushQueue.removeAll(keepingCapacity: true)
            for target in queue { target.flushNow() }
        }
    }

    private func nextTimeoutMillis() -> Int32 {
        if !flushQueue.isEmpty { return 0 }
        // Drop cancelled timers at the head so they do not wake the loop for nothing.
        while let first = timers.min, timerActions[first.id] == nil { _ = timers.removeMin() }
        guard let first = timers.min else { return -1 }
        let now = MonotonicClock.now
        if first.deadline <= now { return 0 }
        let millis = (first.deadline - now) / 1_000_000 + 1  // rounded up; cannot overflow for a .max deadline
        return Int32(min(millis, 60_000))
    }
}

private struct TimerEntry: Comparable {
    var deadline: UInt64
    var id: UInt64
    static func < (a: TimerEntry, b: TimerEntry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.id < b.id
    }
}

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC), the loop's time base for deadlines.
enum MonotonicClock {
    static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The deadline `duration` from now; a negative duration is now, and one too long to
    /// represent (a user's `--timeout 9223372036854775807`) saturates to "never" instead of
    /// wrapping around to a deadline in the past.
    static func after(_ duration: Duration) -> UInt64 {
        after(duration, from: now)
    }

    /// The deadline `duration` after `start` (monotonic nanoseconds), with the same rules.
    static func after(_ duration: Duration, from start: UInt64) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        let (wholeNanos, overflow) = max(0, seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let nanos = UInt64(wholeNanos) + UInt64(max(0, attoseconds / 1_000_000_000))
        let (deadline, late) = start.addingReportingOverflow(nanos)
        return late ? .max : deadline
    }
}

/// The loop is also a task executor: handler tasks (server) and calling tasks (client) that
/// prefer it run on the loop thread, next to their connection, with no thread hop between
/// parsing a request, running the handler and writing the response. Such tasks must not block.
extension EventLoop: TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let needsWake = pending.withLock { state -> Bool in
            state.jobs.append(unowned)
            return Self.armWake(&state)
        }
        if needsWake { wake() }
    }
}
