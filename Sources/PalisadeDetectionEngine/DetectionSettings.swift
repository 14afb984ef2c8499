import PalisadeMessages

/// How the eight built-in detections run (`docs/detections.md` gives each rule). Every value has
/// the default a new deployment should start with; the service reads them from the `detections`
/// section of its configuration, `palisade detect` from `--settings FILE`.
public struct DetectionSettings: Sendable, Hashable {
    /// Days from a user's first activity during which baseline-dependent detections stay silent
    /// (defender.md §2: 7 for every anomaly detection). 0 turns learning off.
    public var learningDays: Int = 7
    /// Each detection's switch, scope, severity and governance actions.
    public var anonymousIP = DetectorOptions(severity: .medium)
    /// Activity from a country the user has not used within `countryLookbackDays`.
    public var infrequentCountry = DetectorOptions(severity: .low)
    /// Activity from a risky address, or a password spray seen by this detection.
    public var suspiciousIP = DetectorOptions(severity: .high)
    /// Travel faster than `travelSpeedKmh` over more than `travelMinimumKm`.
    public var impossibleTravel = DetectorOptions(severity: .medium)
    /// Activity by a user the identity provider (or Slack's own log) says is deactivated.
    public var terminatedUser = DetectorOptions(severity: .high)
    /// Failed sign-ins well above the user's habit.
    public var failedLogins = DetectorOptions(severity: .medium)
    /// A burst of administrative actions, or several the user has never performed.
    public var unusualAdmin = DetectorOptions(severity: .medium)
    /// An app or agent acting for a user it has never acted for, while new to the organisation.
    public var unusualImpersonation = DetectorOptions(severity: .medium)

    /// Impossible travel's sensitivity: which suppression layers apply (defender.md §2.2).
    public var travelSensitivity: TravelSensitivity = .medium
    /// Speed above which two places cannot both be the user's, in km/h (geoip.md §4.3).
    public var travelSpeedKmh: Double = 900
    /// Effective distance (after both accuracy radii) below which travel never alerts, in km.
    public var travelMinimumKm: Double = 500
    /// Accuracy radius assumed when the GeoIP database gives none: with a city, and without.
    public var cityRadiusKm: Double = 50
    /// …and for a location known only to its country.
    public var countryRadiusKm: Double = 500

    /// IP tags (as ingestion's catalogue gives them, any case) that mark an anonymising address.
    public var anonymousTags: [String] = ["tor", "anonymous proxy", "anonymous vpn", "anonymizer"]
    /// Distinct users of an organisation on one address after which the address is the
    /// organisation's own (org prevalence: defender.md §2.4–2.5): anonymous- and suspicious-IP
    /// findings are suppressed for it.
    public var prevalentAddressUsers: Int = 10
    /// Days a country stays known to a user's baseline after they last used it.
    public var countryLookbackDays: Int = 90
    /// Failed sign-ins within `failedLoginWindowSeconds` that make a finding, at least (the
    /// user's own peak raises it).
    public var failedLoginMinimum: Int = 5
    /// The window failed sign-ins are counted in.
    public var failedLoginWindowSeconds: Int = 600
    /// Distinct users with failed sign-ins from one address within `sprayWindowSeconds` that make
    /// the address a password-spray source.
    public var sprayUsers: Int = 5
    /// The window a spray is counted in.
    public var sprayWindowSeconds: Int = 600
    /// Administrative actions within `adminWindowSeconds` that make a burst, at least (three
    /// times the user's own busiest window raises it).
    public var adminBurstMinimum: Int = 10
    /// Distinct administrative actions new to the user within the window that alert on their own.
    public var adminNewActions: Int = 3
    /// The window administrative actions are counted in.
    public var adminWindowSeconds: Int = 3_600
    /// Users an app must already act for, over more than the learning period, to be established
    /// in the organisation (its acting for one more user is then not unusual).
    public var establishedAppUsers: Int = 3

    /// The defaults.
    public init() {}

    /// The options of `detector`.
    public func options(_ detector: Detector) -> DetectorOptions {
        switch detector {
        case .anonymousIP: anonymousIP
        case .infrequentCountry: infrequentCountry
        case .suspiciousIP: suspiciousIP
        case .impossibleTravel: impossibleTravel
        case .terminatedUser: terminatedUser
        case .failedLogins: failedLogins
        case .unusualAdmin: unusualAdmin
        case .unusualImpersonation: unusualImpersonation
        case .unspecified: DetectorOptions(enabled: false, severity: .unspecified)
        }
    }
}

/// Impossible travel's sensitivity (defender.md §2.2): low applies the system, tenant and user
/// suppressions; medium system and user; high system only.
public enum TravelSensitivity: String, Sendable, Hashable, Codable {
    /// System + tenant + user suppressions.
    case low
    /// System + user suppressions (the default).
    case medium
    /// System suppressions only.
    case high
}

/// One detection's switch, scope, severity and the governance actions its findings request.
public struct DetectorOptions: Sendable, Hashable {
    /// On by default.
    public var enabled: Bool
    /// Everyone by default.
    public var scope: UserScope
    /// The findings' severity.
    public var severity: Severity
    /// Requested with every finding; none by default (alerting applies them).
    public var actions: [GovernanceAction]

    /// Options.
    public init(enabled: Bool = true, scope: UserScope = UserScope(), severity: Severity, actions: [GovernanceAction] = []) {
        self.enabled = enabled
        self.scope = scope
        self.severity = severity
        self.actions = actions
    }
}
