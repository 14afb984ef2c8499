internal import CCurl
import Glibc
import Synchronization

/// The single thread that drives one curl multi handle.
///
/// Callers never touch curl: ``submit(_:)`` and ``cancel(_:)`` put work into a mutex-protected
/// inbox and call `curl_multi_wakeup`; the loop drains the inbox, runs `curl_multi_perform`,
/// completes finished transfers and sleeps in `curl_multi_poll`. curl's callbacks only record
/// bytes; the loop acts on them. This is the model curl documents for the multi interface: a
/// multi handle and its easy handles belong to one thread at a time.
///
/// `@unchecked Sendable`: the mutable state is in `inbox` (a `Mutex`) and `thread` (a `Mutex`);
/// `multi` is used only by the worker thread, except `wakeup()`, which curl makes thread-safe and
/// which is only called under the inbox lock while `shuttingDown` is false, so it can never race
/// `curl_multi_cleanup` (that runs in `CurlMultiHandle.deinit`, after the thread has been joined).
final class CurlWorker: @unchecked Sendable {
    private struct Inbox {
        var pending: [any CurlJob] = []
        var cancelled: [UInt64] = []
        /// Submitted and not yet completed: a cancellation for anything else is stale.
        var inFlight: Set<UInt64> = []
        var shuttingDown = false
        var nextID: UInt64 = 1
    }

    private let multi: CurlMultiHandle
    private let inbox = Mutex(Inbox())
    private let thread = Mutex<pthread_t?>(nil)

    init() throws(HTTPClientError) {
        multi = try CurlMultiHandle()
    }

    /// Starts the worker thread; call once.
    func start() throws(HTTPClientError) {
        try thread.withLock { (handle: inout pthread_t?) throws(HTTPClientError) in
            var created = pthread_t()
            // The thread owns one reference to the worker until its loop returns.
            let context = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&created, nil, curlWorkerThreadMain, context)
            guard rc == 0 else {
                Unmanaged<CurlWorker>.fromOpaque(context).release()
                throw HTTPClientError(
                    code: .transport,
                    message: "could not start the HTTP client's worker thread: \(String(cString: strerror(rc)))"
                )
            }
            handle = created
        }
    }

    /// A fresh transfer id.
    func makeID() -> UInt64 {
        inbox.withLock { inbox in
            defer { inbox.nextID += 1 }
            return inbox.nextID
        }
    }

    /// Queues a prepared job, or returns why it cannot run (client shut down, or the calling
    /// task is already cancelled; the check is under the lock so it cannot miss a cancellation
    /// that ``cancel(_:)`` found nothing to act on). The caller aborts a refused job itself.
    func submit(_ job: any CurlJob) -> CurlAbort? {
        inbox.withLock { inbox -> CurlAbort? in
            if inbox.shuttingDown { return .shutdown }
            if Task.isCancelled { return .cancelled }
            inbox.pending.append(job)
            inbox.inFlight.insert(job.id)
            multi.wakeup()
            return nil
        }
    }

    /// Asks the loop to abort job `id`; its caller then gets a cancellation error.
    func cancel(_ id: UInt64) {
        inbox.withLock { inbox in
            guard !inbox.shuttingDown, inbox.inFlight.contains(id) else { return }
            inbox.cancelled.append(id)
            multi.wakeup()
        }
    }

    /// Fails everything in flight with `.shutdown`, stops the thread and waits for it. Idempotent;
    /// a second caller waits until the first has finished joining.
    func shutdown() {
        inbox.withLock { inbox in
            guard !inbox.shuttingDown else { return }
            inbox.shuttingDown = true
            multi.wakeup()
        }
        thread.withLock { handle in
            guard let running = handle else { return }
            handle = nil
            // Joining ourselves would deadlock; the loop is already on its way out then.
            if pthread_equal(running, pthread_self()) != 0 {
                pthread_detach(running)
            } else {
                pthread_join(running, nil)
            }
        }
    }

    // MARK: The loop (worker thread only)

    fileprivate func run() {
        var active: [UnsafeMutableRawPointer: any CurlJob] = [:]
        while true {
            let (arrived, cancelled, stopping) = inbox.withLock { inbox in
                defer {
                    inbox.pending.removeAll()
                    inbox.cancelled.removeAll()
                }
                return (inbox.pending, inbox.cancelled, inbox.shuttingDown)
            }
            for job in arrived {
                let rc = multi.add(job)
                guard rc == CURLM_OK else {
                    end(job) { $0.abort(.multiFailure(function: "curl_multi_add_handle", detail: CurlMultiHandle.describe(rc))) }
                    continue
                }
                active[job.easy] = job
            }
            for id in cancelled {
                guard let job = active.first(where: { $0.value.id == id })?.value else { continue }
                active[job.easy] = nil
                multi.remove(job)
                end(job) { $0.abort(.cancelled) }
            }
            if stopping {
                abortAll(&active, .shutdown)
                return
            }
            let performRC = multi.perform()
            if performRC != CURLM_OK {
                abortAll(&active, .multiFailure(function: "curl_multi_perform", detail: CurlMultiHandle.describe(performRC)))
            }
            while let done = multi.nextCompleted() {
                guard let job = active.removeValue(forKey: done.easy) else { continue }
                multi.remove(job)
                end(job) { $0.complete(done.result) }
            }
            let pollRC = multi.poll(timeoutMilliseconds: 1000)
            if pollRC != CURLM_OK {
                abortAll(&active, .multiFailure(function: "curl_multi_poll", detail: CurlMultiHandle.describe(pollRC)))
            }
        }
    }

    private func abortAll(_ active: inout [UnsafeMutableRawPointer: any CurlJob], _ reason: CurlAbort) {
        for job in active.values {
            multi.remove(job)
            end(job) { $0.abort(reason) }
        }
        active.removeAll()
    }

    /// Forgets the job's id (a late cancellation is then stale) before resuming its caller.
    private func end(_ job: any CurlJob, _ resume: (any CurlJob) -> Void) {
        inbox.withLock { _ = $0.inFlight.remove(job.id) }
        resume(job)
    }
}

/// The worker thread's entry point: takes over the reference `start()` retained for it.
private func curlWorkerThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let worker = Unmanaged<CurlWorker>.fromOpaque(context).takeRetainedValue()
    worker.run()
    return nil
}
