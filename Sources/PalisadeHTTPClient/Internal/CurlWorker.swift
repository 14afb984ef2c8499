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
        var pending: [CurlTransfer] = []
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

    /// Queues a prepared transfer, or returns why it cannot run (client shut down, or the
    /// calling task is already cancelled; the check is under the lock so it cannot miss a
    /// cancellation that ``cancel(_:)`` found nothing to act on).
    func submit(_ transfer: CurlTransfer) -> HTTPClientError? {
        inbox.withLock { inbox -> HTTPClientError? in
            if inbox.shuttingDown { return Self.shutdownError(transfer) }
            if Task.isCancelled { return Self.cancelledError(transfer) }
            inbox.pending.append(transfer)
            inbox.inFlight.insert(transfer.id)
            multi.wakeup()
            return nil
        }
    }

    /// Asks the loop to abort transfer `id`; its caller then gets `.cancelled`.
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
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (arrived, cancelled, stopping) = inbox.withLock { inbox in
                defer {
                    inbox.pending.removeAll()
                    inbox.cancelled.removeAll()
                }
                return (inbox.pending, inbox.cancelled, inbox.shuttingDown)
            }
            for transfer in arrived {
                let rc = multi.add(transfer)
                guard rc == CURLM_OK else {
                    complete(transfer, .failure(Self.multiError(rc, transfer, "curl_multi_add_handle")))
                    continue
                }
                active[transfer.easy] = transfer
            }
            for id in cancelled {
                guard let transfer = active.first(where: { $0.value.id == id })?.value else { continue }
                active[transfer.easy] = nil
                multi.remove(transfer)
                complete(transfer, .failure(Self.cancelledError(transfer)))
            }
            if stopping {
                failAll(&active) { Self.shutdownError($0) }
                return
            }
            let performRC = multi.perform()
            if performRC != CURLM_OK {
                failAll(&active) { Self.multiError(performRC, $0, "curl_multi_perform") }
            }
            while let done = multi.nextCompleted() {
                guard let transfer = active.removeValue(forKey: done.easy) else { continue }
                let outcome = transfer.outcome(for: done.result)
                multi.remove(transfer)
                complete(transfer, outcome)
            }
            let pollRC = multi.poll(timeoutMilliseconds: 1000)
            if pollRC != CURLM_OK {
                failAll(&active) { Self.multiError(pollRC, $0, "curl_multi_poll") }
            }
        }
    }

    private func failAll(
        _ active: inout [UnsafeMutableRawPointer: CurlTransfer],
        _ error: (CurlTransfer) -> HTTPClientError
    ) {
        for transfer in active.values {
            multi.remove(transfer)
            complete(transfer, .failure(error(transfer)))
        }
        active.removeAll()
    }

    private func complete(_ transfer: CurlTransfer, _ outcome: CurlTransfer.Outcome) {
        inbox.withLock { _ = $0.inFlight.remove(transfer.id) }
        transfer.finish(outcome)
    }

    // MARK: Errors

    static func cancelledError(_ transfer: CurlTransfer) -> HTTPClientError {
        HTTPClientError(code: .cancelled, message: "\(transfer.subject): the calling task was cancelled")
    }

    static func shutdownError(_ transfer: CurlTransfer) -> HTTPClientError {
        HTTPClientError(
            code: .shutdown,
            message: "\(transfer.subject): the HTTP client was shut down before the request completed"
        )
    }

    private static func multiError(_ rc: CURLMcode, _ transfer: CurlTransfer, _ function: String) -> HTTPClientError {
        HTTPClientError(
            code: .transport,
            message: "\(transfer.subject): \(function) failed: \(CurlMultiHandle.describe(rc))"
        )
    }
}

/// The worker thread's entry point: takes over the reference `start()` retained for it.
private func curlWorkerThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let worker = Unmanaged<CurlWorker>.fromOpaque(context).takeRetainedValue()
    worker.run()
    return nil
}
