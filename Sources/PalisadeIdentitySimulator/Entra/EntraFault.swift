import PalisadeSlackSimulator

/// A fault the Entra simulator injects into answers, and when.
///
/// Requests are numbered from 1 per scope (Graph calls, token requests, or both together) in
/// arrival order; the trigger decides from that number (and the seed, for probabilities), so a
/// run is reproducible. Triggers are the Slack simulator's (`SimulatorFault.Trigger`).
public struct EntraFault: Sendable, Hashable, CustomStringConvertible {
    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// 429 `TooManyRequests` with THR's body, `x-ms-throttle-*` headers and `Retry-After`
        /// (fractional seconds such as `2.128`, as in Microsoft's sample); nil = no header.
        case throttled(retryAfterMilliseconds: Int64?)
        /// 500, 502, 503 (`serviceNotAvailable`) or 504 (`gatewayTimeout`) with a Graph error body.
        case serverError(status: Int)
        /// The answer is delayed; combines with every other fault.
        case slow(Duration)
        /// Every token issued so far expires now, so this request (and later ones with those
        /// tokens) gets 401 `InvalidAuthenticationToken`.
        case expireTokens
        /// An HTML error page instead of JSON, with this status (200 or 502, as a proxy would).
        case htmlPage(status: Int)
        /// The real answer with its body cut in half (invalid JSON).
        case truncated
    }

    /// Which requests a fault counts and hits.
    public enum Scope: String, Sendable, Hashable {
        /// Microsoft Graph calls (`/v1.0/…`), the default.
        case graph
        /// Token requests (`/{tenant}/oauth2/v2.0/token`).
        case token
        /// Both, numbered together.
        case all
    }

    /// What goes wrong.
    public var kind: Kind
    /// When.
    public var trigger: SimulatorFault.Trigger
    /// Which requests.
    public var scope: Scope

    /// Makes a fault.
    public init(_ kind: Kind, _ trigger: SimulatorFault.Trigger, scope: Scope = .graph) {
        self.kind = kind
        self.trigger = trigger
        self.scope = scope
    }

    /// The fault in the `--fault` grammar, e.g. `429=2.128s@every:3`.
    public var description: String {
        let what: String
        switch kind {
        case .throttled(let ms): what = ms.map { "429=" + Self.seconds($0) + "s" } ?? "429=none"
        case .serverError(let status): what = String(status)
        case .slow(let duration):
            let (seconds, attoseconds) = duration.components
            what = "slow=\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
        case .expireTokens: what = "expire-tokens"
        case .htmlPage(let status): what = "html=\(status)"
        case .truncated: what = "truncated"
        }
        return what + "@" + trigger.description + (scope == .graph ? "" : "@" + scope.rawValue)
    }

    /// `2.128`, `2`, `0.5`: milliseconds as seconds with no trailing zeros (the `Retry-After` form).
    static func seconds(_ milliseconds: Int64) -> String {
        let whole = String(milliseconds / 1000)
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return whole }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return whole + "." + digits
    }
}

extension EntraFault {
    /// The grammar, for help texts and error messages.
    public static let grammar = """
        KIND@TRIGGER[@SCOPE]. KIND: 429[=SECONDS|=none] (fractional allowed, e.g. 429=2.128) | 500 | 502 | 503 | 504 | \
        slow=DURATION (e.g. 2s, 250ms) | expire-tokens | html[=200|=502] | truncated. TRIGGER: always | every:N | \
        nth:N | range:A-B | p:PROBABILITY (0…1). SCOPE: graph (default) | token | all
        """

    /// Parses a fault such as `429=2.128@range:1-3`, `503@p:0.1`, `slow=2s@every:5@all`,
    /// `expire-tokens@nth:4`, `html=502@nth:2`, `truncated@nth:1`.
    public init(parsing spec: String) throws(FaultSpecError) {
        let parts = try FaultSpecParts(spec, example: "429=2.128@range:1-3", grammar: Self.grammar, extraParts: 1)
        var scope = Scope.graph
        if let named = parts.extra.first {
            guard let given = Scope(rawValue: String(named)) else {
                throw FaultSpecError(message: "fault '\(spec)': scope '\(named)' is not graph, token or all")
            }
            scope = given
        }
        self.init(try Self.parseKind(parts), try SimulatorFault.parseTrigger(parts.trigger, spec: spec), scope: scope)
    }

    private static func parseKind(_ parts: FaultSpecParts) throws(FaultSpecError) -> Kind {
        let (name, argument, spec) = (parts.name, parts.argument, parts.spec)
        switch name {
        case "429":
            guard let argument else { return .throttled(retryAfterMilliseconds: 1000) }
            if argument == "none" { return .throttled(retryAfterMilliseconds: nil) }
            let delay = try SimulatorFault.parseDuration(argument, spec: spec)
            let (seconds, attoseconds) = delay.components
            return .throttled(retryAfterMilliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        case "500", "502", "503", "504": return try parts.noArgument(.serverError(status: Int(name) ?? 503))
        case "slow":
            guard let argument else { throw FaultSpecError(message: "fault '\(spec)': slow needs a delay, e.g. slow=2s") }
            return .slow(try SimulatorFault.parseDuration(argument, spec: spec))
        case "expire-tokens": return try parts.noArgument(.expireTokens)
        case "html":
            guard let argument else { return .htmlPage(status: 200) }
            guard argument == "200" || argument == "502" else {
                throw FaultSpecError(message: "fault '\(spec)': html takes =200 or =502")
            }
            return .htmlPage(status: Int(argument) ?? 200)
        case "truncated": return try parts.noArgument(.truncated)
        default: throw FaultSpecError(message: "fault '\(spec)': unknown kind '\(name)'; \(grammar)")
        }
    }
}
