import Logging

extension HTTPClient {
    /// Sends a request, retrying per `policy`: on retryable statuses (by default 429, 502, 503,
    /// 504) after the response's `Retry-After` or a jittered backoff, and on retryable errors
    /// (by default connection and DNS failures) after a backoff.
    ///
    /// When attempts run out, the last response is returned (a 503 is still a response) or the
    /// last error thrown. Cancelling the task during a wait throws `.cancelled` at once. The same
    /// request, body included, is sent each time, so give non-idempotent calls an idempotency
    /// key where the API supports one.
    public func send(_ request: HTTPRequest, retrying policy: RetryPolicy) async throws(HTTPClientError) -> HTTPResponse {
        var attempt = 1
        while true {
            let wait: Duration
            let reason: String
            do throws(HTTPClientError) {
                let response = try await send(request)
                guard policy.isRetryable(status: response.status),
                    let delay = policy.delay(forAttempt: attempt, retryAfter: response.header("Retry-After"))
                else { return response }
                wait = delay
                reason = "status \(response.status)"
            } catch {
                guard policy.isRetryable(error: error), let delay = policy.delay(forAttempt: attempt, retryAfter: nil)
                else { throw error }
                wait = delay
                reason = "\(error.code)"
            }
            let subject = "\(request.method) \(RedactedURL(request.url))"
            logger.notice(
                "Retrying HTTP request",
                metadata: [
                    "request": "\(subject)", "attempt": "\(attempt + 1)/\(policy.maxAttempts)",
                    "reason": "\(reason)", "wait": "\(wait.humanReadable)",
                ]
            )
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw HTTPClientError(
                    code: .cancelled,
                    message: "\(subject): the calling task was cancelled while waiting to retry after \(reason)"
                )
            }
            attempt += 1
        }
    }
}
