import Foundation
import Logging
import PalisadeHTTPClient

/// HTTPS calls to an identity provider's API with its throttling handled: 429, 502, 503 and 504
/// are retried after the provider's stated wait (Graph's `Retry-After`, fractional seconds
/// included; Okta's `X-Rate-Limit-Reset` against its `Date`) or a capped, jittered backoff,
/// until the call's time budget would run out — then the call fails `UNAVAILABLE` with the wait
/// the provider asked for. Connection failures (nothing reached the provider) are retried the
/// same way; anything else is the caller's to classify.
///
/// Every failed exchange is logged with the provider's request ids, never with a token.
public struct ProviderHTTP: Sendable {
    /// The provider's name for messages (`Microsoft Graph`, `Okta`).
    public let name: String
    let client: HTTPClient
    let policy: RetryPolicy
    let budget: Duration
    let exchangeTimeout: Duration
    let logger: Logger
    let requestIDHeaders: [String]
    let wait: @Sendable (HTTPResponse, Date) -> Duration?

    /// Calls through `client`.
    ///
    /// - Parameters:
    ///   - budget: the longest a call may take, its retries and waits included.
    ///   - exchangeTimeout: the longest one HTTPS exchange may take.
    ///   - requestIDHeaders: the response headers naming the request (`request-id`, `client-request-id`).
    ///   - wait: the provider's stated wait in a throttled response, if it has its own way of saying it;
    ///     `Retry-After` is read when this gives nothing.
    public init(
        name: String, client: HTTPClient, budget: Duration, exchangeTimeout: Duration = .seconds(30), logger: Logger,
        requestIDHeaders: [String],
        // The budget, not a count, ends the retries: under a long 429 storm a call waits as long
        // as its budget allows, however many answers that takes.
        policy: RetryPolicy = RetryPolicy(
            maxAttempts: 1_000, baseDelay: .milliseconds(200), maxDelay: .seconds(8), maxRetryAfter: .seconds(120)),
        wait: @escaping @Sendable (HTTPResponse, Date) -> Duration? = { _, _ in nil }
    ) {
        self.name = name
        self.client = client
        self.policy = policy
        self.budget = budget
        self.exchangeTimeout = exchangeTimeout
        self.logger = logger
        self.requestIDHeaders = requestIDHeaders
        self.wait = wait
    }

    /// Sends `request`, retrying throttling and unreachable moments within the budget. Returns
    /// any response that is not a retryable failure (4xx included: the caller classifies them).
    public func send(_ request: HTTPRequest) async throws(IdentityFailure) -> HTTPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: budget)
        var attempt = 1
        while true {
            let stated: Duration?
            let reason: String
            var response: HTTPResponse?
            do throws(HTTPClientError) {
                var timed = request
                timed.timeout = min(request.timeout, exchangeTimeout, max(.milliseconds(100), clock.now.duration(to: deadline)))
                let answer = try await client.send(timed)
                guard policy.isRetryable(status: answer.status) else { return answer }
                response = answer
                stated = wait(answer, Date()) ?? answer.header("Retry-After").flatMap { RetryPolicy.parseRetryAfter($0, now: Date()) }
                reason = "HTTP \(answer.status)"
            } catch {
                guard policy.isRetryable(error: error) else {
                    throw IdentityFailure(.unavailable, "\(name) cannot be reached: \(error.message)")
                }
                stated = nil
                reason = error.message
            }
            let pause = stated.map { min($0, policy.maxRetryAfter) } ?? policy.backoff(forAttempt: attempt).jittered()
            let ids = response.map(requestIDs) ?? [:]
            logger.notice(
                "provider call failed",
                metadata: ids.mapValues { .string($0) }.merging(
                    ["provider": "\(name)", "request": "\(request)", "reason": "\(reason)", "attempt": "\(attempt)"],
                    uniquingKeysWith: { a, _ in a }))
            guard attempt < policy.maxAttempts, clock.now.advanced(by: pause) < deadline else {
                let seconds = stated.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
                throw IdentityFailure(
                    .unavailable, "\(name) kept answering \(reason) for \(attempt) attempts; try again later",
                    providerRequestID: ids.first { $0.key != "client-request-id" }?.value, retryAfterSeconds: seconds)
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw IdentityFailure(.unavailable, "the call was cancelled while \(name) throttled it")
            }
            attempt += 1
        }
    }

    /// Logs a refusal the caller is about to report (a 4xx, an answer that is not the API), with
    /// the provider's request ids, which support cases need; never a token or a body.
    public func logRefusal(_ response: HTTPResponse, request: HTTPRequest) {
        logger.notice(
            "provider refused a call",
            metadata: requestIDs(response).mapValues { .string($0) }.merging(
                ["provider": "\(name)", "request": "\(request)", "status": "\(response.status)"], uniquingKeysWith: { a, _ in a }))
    }

    /// The request id headers a response carries, by name.
    public func requestIDs(_ response: HTTPResponse) -> [String: String] {
        var ids: [String: String] = [:]
        for name in requestIDHeaders { ids[name] = response.header(name) }
        return ids
    }
}

extension Duration {
    /// A wait drawn from the upper half of this one, so many clients do not retry in step.
    fileprivate func jittered() -> Duration { self * Double.random(in: 0.5...1.0) }
}
