import Foundation

// Messages of the custom-policy methods of `palisade.detection.v1.Detection`
// (`Protocol/detection.md`, "Custom policies").

/// A policy file sent to `CreatePolicy` or `UpdatePolicy`.
public struct PolicyDocument: Codable, Sendable, Equatable {
    /// The policy file's text, YAML or JSON (`policies/README.md`), at most 256 KiB. Field 1.
    public var source: String
    /// The file's name, used in error messages only; `""` reads as `"policy"`. Field 2.
    public var fileName: String

    /// Makes a document.
    public init(source: String = "", fileName: String = "") {
        (self.source, self.fileName) = (source, fileName)
    }

    private enum CodingKeys: Int, CodingKey { case source = 1, fileName }
}

/// A policy by name.
public struct PolicyRef: Codable, Sendable, Equatable {
    /// The policy's name: its file's `name`. Field 1.
    public var name: String

    /// Makes a reference.
    public init(name: String = "") { self.name = name }

    private enum CodingKeys: Int, CodingKey { case name = 1 }
}

/// What `SetPolicyEnabled` switches.
public struct PolicySwitch: Codable, Sendable, Equatable {
    /// The policy's name. Field 1.
    public var name: String
    /// True to switch it on (and out of the daily limit's state), false to switch it off. Field 2.
    public var enabled: Bool

    /// Makes a switch.
    public init(name: String = "", enabled: Bool = false) {
        (self.name, self.enabled) = (name, enabled)
    }

    private enum CodingKeys: Int, CodingKey { case name = 1, enabled }
}

/// A stored policy: what its file says, its state, and what detection knows of it.
public struct PolicyInfo: Codable, Sendable, Equatable {
    /// Unique; the file's `name`, and its findings' `policy`. Field 1.
    public var name: String
    /// The file's `description`; `""` when it has none. Field 2.
    public var description: String
    /// The file's `severity`: its findings'. Field 3.
    public var severity: Severity
    /// Whether it is evaluated, and if not why. Field 4.
    public var state: PolicyState
    /// Why it is not `.enabled`, for people; `""` when it is. Field 5.
    public var reason: String
    /// The file's text as stored; `""` in `ListPolicies`. Field 6.
    public var source: String
    /// When `CreatePolicy` stored it. Field 7.
    public var created: Date
    /// When its source or its switch last changed. Field 8.
    public var updated: Date
    /// Findings stored under its name so far. Field 9.
    public var findings: UInt64
    /// Whether it reports N matches within a window (true) or every match (false). Field 10.
    public var threshold: Bool
    /// The file's governance actions, weakest first. Field 11.
    public var actions: [GovernanceAction]

    /// Makes a policy's description.
    public init(
        name: String = "", description: String = "", severity: Severity = .unspecified, state: PolicyState = .unspecified,
        reason: String = "", source: String = "", created: Date = Date(timeIntervalSince1970: 0),
        updated: Date = Date(timeIntervalSince1970: 0), findings: UInt64 = 0, threshold: Bool = false, actions: [GovernanceAction] = []
    ) {
        self.name = name
        self.description = description
        self.severity = severity
        self.state = state
        self.reason = reason
        self.source = source
        self.created = created
        self.updated = updated
        self.findings = findings
        self.threshold = threshold
        self.actions = actions
    }

    private enum CodingKeys: Int, CodingKey {
        case name = 1, description = 2, severity = 3, state = 4, reason = 5, source = 6, created = 7, updated = 8, findings = 9
        case threshold = 10, actions = 11
    }
}

/// Every stored policy, as `ListPolicies` answers.
public struct PolicyList: Codable, Sendable, Equatable {
    /// By name, each without its source. Field 1.
    public var policies: [PolicyInfo]

    /// Makes a list.
    public init(policies: [PolicyInfo] = []) { self.policies = policies }

    private enum CodingKeys: Int, CodingKey { case policies = 1 }
}

/// Whether detection evaluates a policy.
public enum PolicyState: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Never written; what an older reader sees for a newer state.
    case unspecified = 0
    /// Evaluated on every activity.
    case enabled = 1
    /// Switched off by an operator, or by its file's `enabled: false`.
    case disabled = 2
    /// Switched off by detection: it matched more activities in one day than the daily limit.
    case overDailyLimit = 3
}

extension PolicyState {
    /// The names people read and write (the CLI), in the protocol's order.
    public static let named: [(name: String, value: PolicyState)] = [
        ("enabled", .enabled), ("disabled", .disabled), ("over-daily-limit", .overDailyLimit),
    ]
}
