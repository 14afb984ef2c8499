internal import CCurl

/// Why ``CurlWorker`` ended a job before curl finished it.
enum CurlAbort: Sendable {
    /// The calling task was cancelled (before or during the transfer).
    case cancelled
    /// The client (or mailer) was shut down.
    case shutdown
    /// A `curl_multi_*` call failed; `detail` is curl's description.
    case multiFailure(function: String, detail: String)
}

/// One transfer that ``CurlWorker`` drives on its multi handle: an HTTP request
/// (``CurlTransfer``) or an e-mail (``SMTPTransfer``).
///
/// The worker only needs the easy handle and two ways to end the job; each kind turns curl's
/// result into its own outcome and error type. A job is resumed exactly once: both methods are
/// called on the worker thread (``abort(_:)`` also by the submitting task when the worker
/// refuses it before taking it over), and implementations ignore every call after the first.
protocol CurlJob: AnyObject, Sendable {
    /// Identifies the job to ``CurlWorker/cancel(_:)``.
    var id: UInt64 { get }
    /// The job's easy handle (`CURL *`), owned by the job.
    var easy: UnsafeMutableRawPointer { get }
    /// curl finished the transfer with `result`; already removed from the multi handle, so the
    /// job may read `curl_easy_getinfo` and must resume its caller.
    func complete(_ result: CURLcode)
    /// The job ends without curl's result; it must resume its caller with a matching error.
    func abort(_ reason: CurlAbort)
}
