internal import CCurl

/// Owns the curl multi handle of one ``HTTPClient`` (or ``SMTPMailer``): the connection cache, DNS cache
/// and HTTP/2 sessions that make repeated requests cheap live here, so it is created once and
/// kept for the client's lifetime.
///
/// Only the worker thread calls into it, except ``wakeup()``, which curl documents as callable
/// from any thread. `deinit` runs `curl_multi_cleanup` after the worker has removed every easy
/// handle, the order curl's documentation requires.
final class CurlMultiHandle {
    /// `CURLM *`, owned.
    let raw: UnsafeMutableRawPointer

    init() throws(HTTPClientError) {
        guard let raw = curl_multi_init() else {
            throw HTTPClientError(code: .transport, message: "curl_multi_init failed (out of memory?)")
        }
        self.raw = raw
        // Default since 7.62, set anyway: several requests to one host share one h2 connection.
        _ = CCurl_multi_setopt_long(raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Adds a prepared job; curl starts it on the next `perform`.
    func add(_ job: any CurlJob) -> CURLMcode {
        curl_multi_add_handle(raw, job.easy)
    }

    /// Detaches a job; required before its easy handle is cleaned up.
    func remove(_ job: any CurlJob) {
        _ = curl_multi_remove_handle(raw, job.easy)
    }

    /// Drives every transfer as far as it can go without blocking.
    func perform() -> CURLMcode {
        var running: Int32 = 0
        return curl_multi_perform(raw, &running)
    }

    /// Blocks until a socket is ready, curl's own timer fires, ``wakeup()`` is called or
    /// `timeoutMilliseconds` pass. curl shortens the wait to its next internal timeout itself.
    func poll(timeoutMilliseconds: Int32) -> CURLMcode {
        curl_multi_poll(raw, nil, 0, timeoutMilliseconds, nil)
    }

    /// Interrupts a `poll` in progress (or makes the next one return at once). Thread-safe.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }

    /// The next finished transfer's easy handle and result, or `nil` when none is left.
    func nextCompleted() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            return (easy, message.pointee.data.result)
        }
        return nil
    }

    /// A human description of a multi-level failure, for the error that fails the transfers.
    static func describe(_ rc: CURLMcode) -> String {
        String(cString: curl_multi_strerror(rc))
    }
}
