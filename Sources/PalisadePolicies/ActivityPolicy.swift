import PalisadeMessages

/// A custom activity policy: which activities (`filter`), how many make a finding (`threshold`:
/// every match, or N by the same key within a window), and what the finding says and asks for.
/// Read from a policy file by ``parse(_:file:)`` (`policies/README.md`).
public struct ActivityPolicy: Sendable, Equatable {
    /// Unique among the policies; the finding's `policy`.
    public var name: String
    /// What the policy is for, for people reading the list.
    public var description: String
    /// Whether detection evaluates it.
    public var enabled: Bool
    /// The findings' severity.
    public var severity: Severity
    /// The findings' title.
    public var title: TitleTemplate
    /// Which activities it is about.
    public var filter: PolicyFilter
    /// nil: every matching activity is a finding.
    public var threshold: PolicyThreshold?
    /// Governance actions the findings request, weakest first.
    public var actions: [GovernanceAction]
    /// The file's own test cases (`tests:`), which `PolicyTestRunner` runs; detection ignores them.
    public var tests: [PolicyTestCase]

    /// A policy.
    public init(
        name: String, description: String = "", enabled: Bool = true, severity: Severity, title: TitleTemplate, filter: PolicyFilter,
        threshold: PolicyThreshold? = nil, actions: [GovernanceAction] = [], tests: [PolicyTestCase] = []
    ) {
        self.name = name
        self.description = description
        self.enabled = enabled
        self.severity = severity
        self.title = title
        self.filter = filter
        self.threshold = threshold
        self.actions = actions
        self.tests = tests
    }

    /// The policy `text` (YAML or JSON) describes; errors name `file`, the line and the entry.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> ActivityPolicy {
        try PolicyParser(file: file).parse(text)
    }
}

/// "N matching activities with the same key within M": a finding when the count is reached.
public struct PolicyThreshold: Sendable, Equatable {
    /// Matches that make a finding, at least 2.
    public var count: Int
    /// The window they must fall in, in seconds (a minute to a day).
    public var seconds: Int
    /// Whose matches are counted together: the actor by default, any field (e.g. `entity.id`).
    public var groupBy: ActivityField

    /// A threshold.
    public init(count: Int, seconds: Int, groupBy: ActivityField) {
        self.count = count
        self.seconds = seconds
        self.groupBy = groupBy
    }
}
