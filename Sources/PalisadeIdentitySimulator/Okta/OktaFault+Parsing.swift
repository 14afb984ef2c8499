import PalisadeSlackSimulator

extension OktaFault {
    /// The grammar, for help texts and error messages.
    public static let grammar = """
        KIND@TRIGGER. KIND: 429[=SECONDS until X-Rate-Limit-Reset] | 500 | 502 | 503 | 504 | slow=DURATION \
        (e.g. 2s, 250ms) | revoke | html[=STATUS, 200 or 502 (default)] | truncated | abort. TRIGGER: always | \
        every:N | nth:N | range:A-B | p:PROBABILITY (0…1); requests are numbered from 1 since the faults were set
        """

    /// Parses a fault such as `429=5s@range:1-3`, `503@p:0.1`, `slow=2s@every:10`, `revoke@nth:4`,
    /// `html=200@nth:2`, `truncated@p:0.05`.
    public init(parsing spec: String) throws(FaultSpecError) {
        let parts = try FaultSpecParts(spec, example: "429=2s@range:1-3", grammar: Self.grammar)
        self.init(try Self.parseKind(parts), try SimulatorFault.parseTrigger(parts.trigger, spec: spec))
    }

    private static func parseKind(_ parts: FaultSpecParts) throws(FaultSpecError) -> Kind {
        let (name, argument, spec) = (parts.name, parts.argument, parts.spec)
        switch name {
        case "429":
            guard let argument else { return .rateLimited(resetAfter: 1) }
            let whole = (SimulatorFault.milliseconds(try SimulatorFault.parseDuration(argument, spec: spec)) + 999) / 1000
            guard whole <= 3_600 else { throw FaultSpecError(message: "fault '\(spec)': the reset must be 0…3600 seconds ahead") }
            return .rateLimited(resetAfter: Int(whole))
        case "500", "502", "503", "504":
            return try parts.noArgument(.serverError(status: Int(name) ?? 500))
        case "slow":
            guard let argument else {
                throw FaultSpecError(message: "fault '\(spec)': slow needs a delay, e.g. slow=2s@every:10")
            }
            return .slow(try SimulatorFault.parseDuration(argument, spec: spec))
        case "revoke": return try parts.noArgument(.revokeToken)
        case "html":
            guard let argument else { return .htmlPage(status: 502) }
            guard let status = Int(argument), (200...599).contains(status) else {
                throw FaultSpecError(message: "fault '\(spec)': html=STATUS needs an HTTP status, e.g. html=200 or html=502")
            }
            return .htmlPage(status: status)
        case "truncated": return try parts.noArgument(.truncated)
        case "abort": return try parts.noArgument(.brokenTransfer)
        default:
            throw FaultSpecError(message: "fault '\(spec)': unknown kind '\(name)'; \(grammar)")
        }
    }
}
