import PalisadeSlackSimulator

/// A fault the Okta simulator injects into `/api/…` answers, and when.
///
/// API requests are numbered from 1 in arrival order, and the numbering starts again whenever
/// the faults are replaced (``OktaSimulator/setFaults(_:)``, `POST /_sim/faults`), so
/// `429=2s@range:1-3` set at run time means "the next three requests". Triggers are the Slack
/// simulator's (`always`, `every:N`, `nth:N`, `range:A-B`, `p:P` with the seeded hash).
///
/// Every fault but ``Kind/truncated``, ``Kind/brokenTransfer`` and ``Kind/slow(_:)`` answers in
/// place of the API: the request never reaches the directory, so no state changes, as when Okta
/// (or a proxy in front of it) refuses a request. Those three spoil or delay the real answer, so
/// the call took effect although the client may not know it.
public struct OktaFault: Sendable, Hashable, CustomStringConvertible {
    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// 429 E0000047 with `X-Rate-Limit-Remaining: 0` and `X-Rate-Limit-Reset` this many
        /// seconds ahead of `Date` (a storm when it fires on consecutive requests).
        case rateLimited(resetAfter: Int)
        /// 500, 502, 503 or 504 with an Okta error body (and the rate-limit headers, which is
        /// what Okta's SDKs need before they retry a 503 or 504).
        case serverError(status: Int)
        /// The answer is delayed; combines with every other fault.
        case slow(Duration)
        /// The request's token is revoked: this and every later request with it get 401 E0000011.
        case revokeToken
        /// An HTML error page (`text/html`) with this status, as a proxy or load balancer sends.
        case htmlPage(status: Int)
        /// The normal answer with its JSON body cut half way (complete headers).
        case truncated
        /// The transfer breaks: the stream (or connection) is reset after half the body.
        case brokenTransfer
    }

    /// What goes wrong.
    public var kind: Kind
    /// Which requests (numbered from 1 since the faults were set) it hits.
    public var trigger: SimulatorFault.Trigger

    /// Makes a fault.
    public init(_ kind: Kind, _ trigger: SimulatorFault.Trigger) {
        self.kind = kind
        self.trigger = trigger
    }

    /// The fault in the `--fault` grammar, e.g. `429=2s@range:1-3`.
    public var description: String {
        let what: String
        switch kind {
        case .rateLimited(let seconds): what = "429=\(seconds)s"
        case .serverError(let status): what = "\(status)"
        case .slow(let duration): what = "slow=\(SimulatorFault.milliseconds(duration))ms"
        case .revokeToken: what = "revoke"
        case .htmlPage(let status): what = "html=\(status)"
        case .truncated: what = "truncated"
        case .brokenTransfer: what = "abort"
        }
        return what + "@" + trigger.description
    }
}
