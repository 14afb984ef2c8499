import Foundation

// Messages of `palisade.detection.v1.Detection`, specified in `Protocol/detection.md`.

/// Something a person should look at: what a built-in detection or a custom policy found, with
/// the activities behind it and a sentence saying why. Served by `SubscribeFindings`.
public struct Finding: Codable, Sendable, Equatable {
    /// Position in detection's findings log: gap-free, commit order, from 1. Field 1.
    public var sequence: UInt64
    /// `"f_"` and 32 hex digits, derived from the source and `dedupeKey` alone. Field 2.
    public var id: String
    /// The built-in detection that found it; `.unspecified` for a policy's finding. Field 3.
    public var detector: Detector
    /// The custom policy's name; `""` for a built-in detection. Field 4.
    public var policy: String
    /// How serious it is. Field 5.
    public var severity: Severity
    /// The Enterprise organisation, `E…`. Field 6.
    public var orgID: String
    /// Whom it is about. Field 7.
    public var user: FindingUser
    /// The time of the activity that completed it. Field 8.
    public var time: Date
    /// When detection committed it. Field 9.
    public var detected: Date
    /// What happened, in a few words with the facts that matter. Field 10.
    public var title: String
    /// One sentence a person understands without knowing Palisade. Field 11.
    public var explanation: String
    /// The activities behind it, oldest first, at most 100. Field 12.
    public var evidence: [FindingEvidence]
    /// What detection knew that made the evidence unusual. Field 13.
    public var baseline: [BaselineFact]
    /// The governance actions requested, weakest first, no duplicates. Field 14.
    public var actions: [GovernanceAction]
    /// With the detector or policy, what makes two findings the same one. Field 15.
    public var dedupeKey: String

    /// Makes a finding.
    public init(
        sequence: UInt64 = 0, id: String = "", detector: Detector = .unspecified, policy: String = "",
        severity: Severity = .unspecified, orgID: String = "", user: FindingUser = FindingUser(),
        time: Date = Date(timeIntervalSince1970: 0), detected: Date = Date(timeIntervalSince1970: 0), title: String = "",
        explanation: String = "", evidence: [FindingEvidence] = [], baseline: [BaselineFact] = [],
        actions: [GovernanceAction] = [], dedupeKey: String = ""
    ) {
        self.sequence = sequence
        self.id = id
        self.detector = detector
        self.policy = policy
        self.severity = severity
        self.orgID = orgID
        self.user = user
        self.time = time
        self.detected = detected
        self.title = title
        self.explanation = explanation
        self.evidence = evidence
        self.baseline = baseline
        self.actions = actions
        self.dedupeKey = dedupeKey
    }

    private enum CodingKeys: Int, CodingKey {
        case sequence = 1, id = 2, detector = 3, policy = 4, severity = 5, orgID = 6, user = 7, time = 8, detected = 9
        case title = 10, explanation = 11, evidence = 12, baseline = 13, actions = 14, dedupeKey = 15
    }
}

/// The user a finding is about.
public struct FindingUser: Codable, Sendable, Equatable {
    /// Slack user id, `W…` or `U…`; `""` when the evidence names none. Field 1.
    public var id: String
    /// Field 2.
    public var email: String
    /// Field 3.
    public var name: String

    /// Makes a user.
    public init(id: String = "", email: String = "", name: String = "") {
        self.id = id
        self.email = email
        self.name = name
    }

    private enum CodingKeys: Int, CodingKey {
        case id = 1, email = 2, name = 3
    }
}

/// One activity behind a finding, by both of its numbers.
public struct FindingEvidence: Codable, Sendable, Equatable {
    /// `Activity.sequence` in ingestion. Field 1.
    public var sequence: UInt64
    /// `Activity.entryID`: Slack's own id of the audit entry. Field 2.
    public var entryID: String
    /// `Activity.time`. Field 3.
    public var time: Date
    /// `Activity.action`. Field 4.
    public var action: String

    /// Makes an evidence entry.
    public init(sequence: UInt64 = 0, entryID: String = "", time: Date = Date(timeIntervalSince1970: 0), action: String = "") {
        self.sequence = sequence
        self.entryID = entryID
        self.time = time
        self.action = action
    }

    private enum CodingKeys: Int, CodingKey {
        case sequence = 1, entryID = 2, time = 3, action = 4
    }
}

/// A fact of the baseline that made the evidence unusual, as a stable key and readable text.
public struct BaselineFact: Codable, Sendable, Equatable {
    /// What the fact is: a stable lower-case key such as `countries`. Field 1.
    public var name: String
    /// The fact as a person reads it. Field 2.
    public var value: String

    /// Makes a fact.
    public init(name: String = "", value: String = "") {
        self.name = name
        self.value = value
    }

    private enum CodingKeys: Int, CodingKey {
        case name = 1, value = 2
    }
}

/// The request of `SubscribeFindings`.
public struct SubscribeFindingsRequest: Codable, Sendable, Equatable {
    /// Stream the findings after this sequence; 0 from the first. Field 1.
    public var afterSequence: UInt64

    /// Makes a request.
    public init(afterSequence: UInt64 = 0) {
        self.afterSequence = afterSequence
    }

    private enum CodingKeys: Int, CodingKey {
        case afterSequence = 1
    }
}

/// The built-in anomaly detections.
public enum Detector: Int, Codable, Sendable, Hashable, CaseIterable {
    /// A custom policy's finding; also what an older reader sees for a newer detection.
    case unspecified = 0
    /// Activity from anonymous IP addresses (Tor, anonymous proxy).
    case anonymousIP = 1
    /// Activity from infrequent country.
    case infrequentCountry = 2
    /// Activity from suspicious IP addresses (botnet, C&C, brute force, password spray).
    case suspiciousIP = 3
    /// Impossible travel.
    case impossibleTravel = 4
    /// Activity performed by terminated user.
    case terminatedUser = 5
    /// Multiple failed login attempts.
    case failedLogins = 6
    /// Unusual administrative activity.
    case unusualAdmin = 7
    /// Unusual impersonated activity.
    case unusualImpersonation = 8
}

/// How serious a finding is; the cases are in increasing order.
public enum Severity: Int, Codable, Sendable, Hashable, CaseIterable, Comparable {
    /// Never written; what an older reader sees for a newer severity.
    case unspecified = 0
    /// Worth knowing, not worth acting on.
    case informational = 1
    /// Low.
    case low = 2
    /// Medium.
    case medium = 3
    /// High.
    case high = 4

    /// By seriousness.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a finding may ask the identity provider to do to its user; the cases go from weakest to
/// strongest.
public enum GovernanceAction: Int, Codable, Sendable, Hashable, CaseIterable {
    /// Never written; what an older reader sees for a newer action.
    case unspecified = 0
    /// Tell the user by mail what they did and why it was flagged.
    case notifyUser = 1
    /// Revoke the user's sessions and refresh tokens: sign in again everywhere.
    case requireSignIn = 2
    /// Disable the account in the identity provider.
    case suspendUser = 3
}

extension Severity {
    /// The names people write (policy files, the CLI), weakest first.
    public static let named: [(name: String, value: Severity)] = [
        ("informational", .informational), ("low", .low), ("medium", .medium), ("high", .high),
    ]
}

extension Detector {
    /// The names people write (configuration, the CLI), in the protocol's order; the protocol's
    /// own names (`IMPOSSIBLE_TRAVEL`, in a finding id's source) are these upper-cased with `_`.
    public static let named: [(name: String, value: Detector)] = [
        ("anonymous-ip", .anonymousIP), ("infrequent-country", .infrequentCountry), ("suspicious-ip", .suspiciousIP),
        ("impossible-travel", .impossibleTravel), ("terminated-user", .terminatedUser), ("failed-logins", .failedLogins),
        ("unusual-admin", .unusualAdmin), ("unusual-impersonation", .unusualImpersonation),
    ]

    /// The protocol's name (`IMPOSSIBLE_TRAVEL`); `UNSPECIFIED` for a policy's finding.
    public var protocolName: String {
        (ValueNames.name(of: self, in: Self.named) ?? "unspecified").uppercased().replacingOccurrences(of: "-", with: "_")
    }
}

extension GovernanceAction {
    /// The names people write (policy files, the CLI), weakest first.
    public static let named: [(name: String, value: GovernanceAction)] = [
        ("notify-user", .notifyUser), ("require-sign-in", .requireSignIn), ("suspend-user", .suspendUser),
    ]
}
