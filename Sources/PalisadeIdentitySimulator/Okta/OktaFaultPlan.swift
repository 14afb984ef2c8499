import PalisadeRPC
import PalisadeSlackSimulator

/// The faults that hit one API request, decided from its number before it is answered.
struct OktaFaultPlan: Sendable, Equatable {
    var delay: Duration?
    /// The first fault that answers in the API's place, if any.
    var preempt: Preempt?
    var revokeToken = false
    var truncated = false
    var brokenTransfer = false
    /// The faults that fired, in the `--fault` grammar (recorded with the call).
    var fired: [String] = []

    enum Preempt: Sendable, Equatable {
        case rateLimited(resetAfter: Int)
        case serverError(Int)
        case htmlPage(Int)
    }

    /// The plan for request `number` (from 1) under `faults`.
    init(faults: [OktaFault], request number: Int, seed: UInt64) {
        for (index, fault) in faults.enumerated()
        where fault.trigger.fires(onRequest: number, seed: seed, index: index) {
            fired.append(fault.description)
            switch fault.kind {
            case .slow(let duration): delay = max(delay ?? .zero, duration)
            case .rateLimited(let seconds): preempt = preempt ?? .rateLimited(resetAfter: seconds)
            case .serverError(let status): preempt = preempt ?? .serverError(status)
            case .htmlPage(let status): preempt = preempt ?? .htmlPage(status)
            case .revokeToken: revokeToken = true
            case .truncated: truncated = true
            case .brokenTransfer: brokenTransfer = true
            }
        }
    }

    /// The page a proxy in front of Okta shows when it cannot reach it (or, with 200, a portal
    /// that answers in its place): HTML where the client expects JSON.
    static func htmlPage(status: Int) -> HTTPServerResponse {
        let text = """
            <!DOCTYPE html>
            <html><head><title>\(status) Error</title></head>
            <body><h1>Something went wrong</h1><p>The server encountered a temporary error and could not complete your request.</p>
            <hr><address>okta-edge</address></body></html>

            """
        return HTTPServerResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    /// Spoils a complete answer as planned: the body cut in half, or the transfer reset half way.
    func spoil(_ response: inout HTTPServerResponse) {
        let half = response.body.count / 2
        if truncated { response.body.removeSubrange(half...) }
        if brokenTransfer { response.abortAfterBytes = half }
    }
}
