/// Why a `--fault` specification was refused.
public struct FaultSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what would be right.
    public let message: String

    /// Makes an error (the identity simulators' fault parsers share it).
    package init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension SimulatorFault {
    /// The triggers' part of the grammar (shared with the identity simulators' faults).
    package static let triggerGrammar = "TRIGGER: always | every:N | nth:N | range:A-B | p:PROBABILITY (0…1)"

    /// The grammar, for help texts and error messages.
    public static let grammar = """
        KIND@TRIGGER. KIND: 429[=SECONDS] | 500 | 502 | 503 | 504 | slow=DURATION (e.g. 2s, 250ms) | \
        truncated | invalid-json | invalid-cursor | revoke | quirks | abort. TRIGGER: always | every:N | \
        nth:N | range:A-B | p:PROBABILITY (0…1)
        """

    /// Parses a fault such as `429@every:50`, `503@p:0.05`, `slow=2s@every:10`, `truncated@nth:7`,
    /// `invalid-cursor@range:3-4`, `revoke@nth:100`, `quirks@p:0.5`.
    public init(parsing spec: String) throws(FaultSpecError) {
        let parts = try FaultSpecParts(spec, example: "503@p:0.05", grammar: Self.grammar)
        self.init(try Self.parseKind(parts), try Self.parseTrigger(parts.trigger, spec: spec))
    }

    private static func parseKind(_ parts: FaultSpecParts) throws(FaultSpecError) -> Kind {
        let (name, argument, spec) = (parts.name, parts.argument, parts.spec)
        switch name {
        case "429":
            guard let argument else { return .rateLimited(retryAfter: 1) }
            let seconds = try parseDuration(argument, spec: spec)
            let whole = (milliseconds(seconds) + 999) / 1000
            guard whole >= 0, whole <= 86_400 else {
                throw FaultSpecError(message: "fault '\(spec)': Retry-After must be 0…86400 seconds")
            }
            return .rateLimited(retryAfter: Int(whole))
        case "500", "502", "503", "504":
            return try parts.noArgument(.serverError(status: Int(name) ?? 500))
        case "slow":
            guard let argument else {
                throw FaultSpecError(message: "fault '\(spec)': slow needs a delay, e.g. slow=2s@every:10")
            }
            return .slow(try parseDuration(argument, spec: spec))
        case "truncated": return try parts.noArgument(.truncated)
        case "invalid-json": return try parts.noArgument(.invalidJSON)
        case "invalid-cursor": return try parts.noArgument(.invalidCursor)
        case "revoke": return try parts.noArgument(.revokeToken)
        case "quirks": return try parts.noArgument(.quirks)
        case "abort": return try parts.noArgument(.brokenTransfer)
        default:
            throw FaultSpecError(message: "fault '\(spec)': unknown kind '\(name)'; \(grammar)")
        }
    }

    /// Parses a trigger (`always`, `every:N`, `nth:N`, `range:A-B`, `p:P`); `spec` (the whole
    /// fault) names it in errors. Shared with the identity simulators.
    package static func parseTrigger(_ text: Substring, spec: String) throws(FaultSpecError) -> Trigger {
        if text == "always" { return .always }
        guard let colon = text.firstIndex(of: ":") else {
            throw FaultSpecError(message: "fault '\(spec)': trigger '\(text)' needs a value, e.g. every:50; \(triggerGrammar)")
        }
        let name = text[..<colon]
        let value = text[text.index(after: colon)...]
        func count(_ digits: Substring) throws(FaultSpecError) -> Int {
            guard let n = Int(digits), n >= 1 else {
                throw FaultSpecError(message: "fault '\(spec)': '\(digits)' is not a request number ≥ 1")
            }
            return n
        }
        switch name {
        case "every": return .every(try count(value))
        case "nth": return .nth(try count(value))
        case "range":
            let bounds = value.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2 else {
                throw FaultSpecError(message: "fault '\(spec)': range is A-B, e.g. range:3-4")
            }
            let low = try count(bounds[0])
            let high = try count(bounds[1])
            guard low <= high else {
                throw FaultSpecError(message: "fault '\(spec)': range \(low)-\(high) is empty (A must be ≤ B)")
            }
            return .range(low...high)
        case "p":
            guard let p = Double(value), p.isFinite, p >= 0, p <= 1 else {
                throw FaultSpecError(message: "fault '\(spec)': probability '\(value)' must be a number in 0…1")
            }
            return .probability(p)
        default:
            throw FaultSpecError(message: "fault '\(spec)': unknown trigger '\(name)'; \(triggerGrammar)")
        }
    }

    /// `2s`, `250ms`, `1.5s`, `1m`; a bare number is seconds. Shared with the identity simulators.
    package static func parseDuration(_ text: Substring, spec: String) throws(FaultSpecError) -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        var number = text
        var scale = 1.0
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 3600 else {
            throw FaultSpecError(
                message: "fault '\(spec)': duration '\(text)' must be a number with ms, s or m, at most 1 hour")
        }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}
