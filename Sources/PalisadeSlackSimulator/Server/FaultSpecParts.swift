/// A `--fault` specification split into its parts — `NAME[=ARGUMENT]@TRIGGER[@MORE]` — as the
/// Slack, Entra and Okta simulators write their faults; each reads its own kinds from the parts.
package struct FaultSpecParts: Sendable {
    /// The whole specification, for error messages.
    package let spec: String
    /// The kind's name (`429`, `slow`).
    package let name: Substring
    /// What follows `=` in the kind, if anything (`2s` in `slow=2s`).
    package let argument: Substring?
    /// The trigger (`p:0.05`), for ``SimulatorFault/parseTrigger(_:spec:)``.
    package let trigger: Substring
    /// Parts after the trigger (`all` in Entra's `429@always@all`); at most `extraParts` of them.
    package let extra: [Substring]

    /// Splits `spec`; `example` and `grammar` go into the error when it is not `KIND@TRIGGER`
    /// (with up to `extraParts` further `@` parts).
    package init(_ spec: String, example: String, grammar: String, extraParts: Int = 0) throws(FaultSpecError) {
        let parts = spec.split(separator: "@", omittingEmptySubsequences: false)
        guard (2...2 + extraParts).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty else {
            throw FaultSpecError(message: "fault '\(spec)': expected KIND@TRIGGER, e.g. \(example); \(grammar)")
        }
        self.spec = spec
        let kind = parts[0]
        name = kind.prefix { $0 != "=" }
        argument = name.endIndex < kind.endIndex ? kind[kind.index(after: name.endIndex)...] : nil
        trigger = parts[1]
        extra = Array(parts.dropFirst(2))
    }

    /// `kind`, when the specification gave it no `=` value.
    package func noArgument<Kind>(_ kind: Kind) throws(FaultSpecError) -> Kind {
        guard argument == nil else { throw FaultSpecError(message: "fault '\(spec)': '\(name)' takes no '=' value") }
        return kind
    }
}
