/// One case of a policy file's `tests:`: raw Slack audit entries, in order, and how many findings
/// the policy must raise over them (0 for a case that must stay silent). `PolicyTestRunner` runs
/// it; `policies/README.md`, "Tests in a policy file", specifies the format.
public struct PolicyTestCase: Sendable, Equatable {
    /// The case's `name`, or `case N` (1-based) when the file gives none.
    public var name: String
    /// The entries as JSON objects, exactly as `/audit/v1/logs` would return each (UTF-8).
    public var entries: [[UInt8]]
    /// How many findings the policy must raise over `entries`.
    public var findings: Int
    /// The case's line in its file (1-based; 0 when it was not read from a file), so a failing
    /// case can be found.
    public var line: Int

    /// A case.
    public init(name: String, entries: [[UInt8]], findings: Int, line: Int = 0) {
        self.name = name
        self.entries = entries
        self.findings = findings
        self.line = line
    }
}
