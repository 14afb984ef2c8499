/// A fault the simulator injects into `GET /audit/v1/logs` answers, and when.
///
/// Requests to `/audit/v1/logs` are numbered from 1 in arrival order; each fault's trigger
/// decides from that number alone (and the seed, for probabilities) whether it fires, so a run
/// is reproducible. Faults never change the stored entries or the cursors' meaning: a clean
/// retry of a faulted request gets exactly the page the faulted one would have had.
public struct SimulatorFault: Sendable, Hashable, CustomStringConvertible {
    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// HTTP 429 `rate_limited` with `Retry-After: <seconds>` (a 429 storm when frequent).
        case rateLimited(retryAfter: Int)
        /// HTTP 5xx (500, 502, 503, 504) with a JSON error body.
        case serverError(status: Int)
        /// The answer is delayed; combines with every other fault.
        case slow(Duration)
        /// HTTP 200 whose body stops half way (valid headers, incomplete JSON).
        case truncated
        /// HTTP 200 whose body has a NUL byte in the middle: complete length, invalid JSON.
        case invalidJSON
        /// A request that carries a cursor gets 400 `invalid_cursor` (others are unaffected).
        case invalidCursor
        /// The request's token is revoked from now on; this and later requests get `token_revoked`.
        case revokeToken
        /// Entries are served in their quirky form (`SimEntry.quirkJSON`) where they have one.
        case quirks
        /// The transfer breaks: the stream is reset after half the body.
        case brokenTransfer
    }

    /// Which `/audit/v1/logs` requests (numbered from 1) a fault hits.
    public enum Trigger: Sendable, Hashable {
        /// Every request.
        case always
        /// Requests N, 2N, 3N, …
        case every(Int)
        /// Request N only.
        case nth(Int)
        /// Requests A…B, inclusive.
        case range(ClosedRange<Int>)
        /// Each request with probability p, decided by a hash of (seed, fault, request number).
        case probability(Double)
    }

    /// What goes wrong.
    public var kind: Kind
    /// When.
    public var trigger: Trigger

    /// Makes a fault.
    public init(_ kind: Kind, _ trigger: Trigger) {
        self.kind = kind
        self.trigger = trigger
    }

    /// Whether the fault hits request `number`; `index` (the fault's position in the
    /// configuration) keeps two probabilistic faults independent.
    func fires(onRequest number: Int, seed: UInt64, index: Int) -> Bool {
        trigger.fires(onRequest: number, seed: seed, index: index)
    }

    /// The fault in the `--fault` grammar, e.g. `503@p:0.05`.
    public var description: String {
        let what: String
        switch kind {
        case .rateLimited(let seconds): what = "429=\(seconds)s"
        case .serverError(let status): what = "\(status)"
        case .slow(let duration): what = "slow=\(Self.milliseconds(duration))ms"
        case .truncated: what = "truncated"
        case .invalidJSON: what = "invalid-json"
        case .invalidCursor: what = "invalid-cursor"
        case .revokeToken: what = "revoke"
        case .quirks: what = "quirks"
        case .brokenTransfer: what = "abort"
        }
        return what + "@" + trigger.description
    }

    /// Whole milliseconds of `duration`, as the fault grammar writes them; shared with the identity simulators.
    package static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension SimulatorFault.Trigger {
    /// Whether the trigger hits request `number`; `index` (the fault's position in its list)
    /// keeps two probabilistic faults independent. Shared with the identity simulators.
    package func fires(onRequest number: Int, seed: UInt64, index: Int) -> Bool {
        switch self {
        case .always: return true
        case .every(let n): return n > 0 && number % n == 0
        case .nth(let n): return number == n
        case .range(let range): return range.contains(number)
        case .probability(let p):
            let hash = SimRandom.mix(
                seed ^ SimRandom.mix(UInt64(truncatingIfNeeded: index) &+ 0x5EED)
                    ^ UInt64(truncatingIfNeeded: number) &* 0x9E37_79B9_7F4A_7C15)
            return SimRandom.unit(hash) < p
        }
    }
}

extension SimulatorFault.Trigger: CustomStringConvertible {
    /// The trigger in the `--fault` grammar: `always`, `every:N`, `nth:N`, `range:A-B`, `p:P`.
    public var description: String {
        switch self {
        case .always: "always"
        case .every(let n): "every:\(n)"
        case .nth(let n): "nth:\(n)"
        case .range(let r): "range:\(r.lowerBound)-\(r.upperBound)"
        case .probability(let p): "p:\(p)"
        }
    }
}
