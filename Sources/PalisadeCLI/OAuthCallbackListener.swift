import Logging
import PalisadeRPC
import PalisadeWire
import Synchronization

/// The listener on 127.0.0.1 that catches Slack's OAuth redirect (`GET /callback?code=…&state=…`)
/// for `palisade connect slack --oauth`: a `PlainHTTPServer` (the shared HTTP/1.1 and HTTP/2
/// path, with its parser, bounds and timeouts) whose handler judges each request with
/// `OAuthRedirect` and answers the browser with a short page.
///
/// Requests that do not end the wait (a favicon, a stray or malformed request, another state)
/// are answered and ignored; the first redirect for our state (a code or a denial) ends it.
final class OAuthCallbackListener: Sendable {
    /// The port it listens on (the one the kernel chose when asked for port 0).
    let port: UInt16
    private let server: PlainHTTPServer
    private let waiting: Waiting

    /// What the server's handler and the waiting command share.
    private final class Waiting: Sendable {
        let state = Mutex(WaitState())

        /// The `state` being waited for; a request that arrives before `waitForRedirect` starts
        /// (a quick browser) waits for it here, as it would in a listen backlog.
        func expectedState() async -> String {
            await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
                let known = state.withLock { s -> String? in
                    if let expected = s.expected { return expected }
                    s.stateWaiters.append(continuation)
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }

    private struct WaitState {
        /// The `state` of the sign-in being waited for; nil until `waitForRedirect` starts.
        var expected: String?
        var stateWaiters: [CheckedContinuation<String, Never>] = []
        var outcome: OAuthRedirect?
        var waiter: CheckedContinuation<OAuthRedirect?, Never>?
        var cancelled = false
    }

    /// Binds 127.0.0.1:`port` (0 = any free port) and starts serving.
    init(port: UInt16) throws(CommandFailure) {
        let waiting = Waiting()
        self.waiting = waiting
        // One browser for a few minutes: a few connections, small requests.
        let configuration = PlainHTTPServer.endpointConfiguration(
            host: "127.0.0.1", port: Int(port), maxConnections: 16, maxRequestBytes: 16 << 10)
        var logger = Logger(label: "palisade-oauth-listener")
        logger.logLevel = .critical
        do throws(RPCError) {
            server = try PlainHTTPServer(configuration: configuration, logger: logger) { request in
                Self.answer(request, expected: await waiting.expectedState(), waiting: waiting)
            }
            self.port = UInt16(try server.start().port)
        } catch {
            throw CommandFailure("cannot listen on 127.0.0.1:\(port) for the OAuth redirect: \(error.message)")
        }
    }

    deinit { server.beginGracefulShutdown() }

    /// The redirect URI to register with `BeginOAuth`.
    var redirectURI: String { "http://127.0.0.1:\(port)\(OAuthRedirect.callbackPath)" }

    /// Waits for the redirect that carries `expectedState`. Returns `.authorized` or `.denied`.
    func waitForRedirect(expectedState: String, timeout: Duration) async throws(CommandFailure) -> OAuthRedirect {
        let early = waiting.state.withLock { s in
            s.expected = expectedState
            defer { s.stateWaiters = [] }
            return s.stateWaiters
        }
        for request in early { request.resume(returning: expectedState) }
        defer { server.beginGracefulShutdown() }
        let outcome = await withTaskGroup(of: OAuthRedirect?.self) { group in
            group.addTask { await self.nextOutcome() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else {
            throw CommandFailure("no redirect from Slack within \(Self.describe(timeout)); run the command again")
        }
        return outcome
    }

    /// The first redirect that ends the wait; nil when the wait is cancelled (timed out).
    private func nextOutcome() async -> OAuthRedirect? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<OAuthRedirect?, Never>) in
                let now = waiting.state.withLock { s -> OAuthRedirect?? in
                    if let outcome = s.outcome { return .some(outcome) }
                    if s.cancelled { return .some(nil) }
                    s.waiter = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = waiting.state.withLock { s in
                s.cancelled = true
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Judges one request, records a redirect that ends the wait, and answers with a page.
    private static func answer(_ request: HTTPServerRequest, expected: String, waiting: Waiting) -> HTTPServerResponse {
        let (outcome, waiter) = waiting.state.withLock { s -> (OAuthRedirect, CheckedContinuation<OAuthRedirect?, Never>?) in
            let outcome = OAuthRedirect.parse(method: request.method, target: request.target, expectedState: expected)
            switch outcome {
            case .authorized, .denied:
                guard s.outcome == nil else { return (outcome, nil) }
                s.outcome = outcome
                defer { s.waiter = nil }
                return (outcome, s.waiter)
            case .otherPath, .rejected:
                return (outcome, nil)
            }
        }
        waiter?.resume(returning: outcome)
        switch outcome {
        case .authorized: return page(200, OAuthPage.authorized)
        case .denied(let error): return page(200, OAuthPage.denied(error))
        case .otherPath: return page(404, OAuthPage.problem("Nothing here."))
        case .rejected(let reason): return page(400, OAuthPage.problem(reason))
        }
    }

    private static func page(_ status: Int, _ html: String) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8), headers: [("cache-control", "no-store")])
    }

    /// "1 minute", "10 minutes", or "90 s" for waits that are not whole minutes.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard seconds % 60 == 0 else { return "\(seconds) s" }
        return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes"
    }
}
