import PalisadeDetectionEngine
import PalisadeMessages
import PalisadeService

/// The `detections` section: the learning period, each detection's switch, scope, severity and
/// actions, and the thresholds (`docs/detections.md`). Every key is optional; absent ones keep
/// `DetectionSettings`' defaults.
///
/// ```yaml
/// detections:
///   learningDays: 7
///   impossibleTravel: { sensitivity: high, severity: high, actions: [require-sign-in] }
///   infrequentCountry: { scope: { exclude: ["@travel.acme.test"] } }
///   failedLogins: { enabled: false }
///   travelSpeedKmh: 900
/// ```
struct DetectionsSection: Decodable, Sendable {
    /// The settings the section describes.
    var settings = DetectionSettings()

    init() {}

    private enum CodingKeys: String, CodingKey {
        case learningDays, anonymousIP, infrequentCountry, suspiciousIP, impossibleTravel, terminatedUser, failedLogins
        case unusualAdmin, unusualImpersonation
        case travelSpeedKmh, travelMinimumKm, cityRadiusKm, countryRadiusKm, anonymousTags, prevalentAddressUsers
        case countryLookbackDays, failedLoginMinimum, failedLoginWindowSeconds, sprayUsers, sprayWindowSeconds
        case adminBurstMinimum, adminNewActions, adminWindowSeconds, establishedAppUsers
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = DetectionSettings()
        s.learningDays = try c.decode(forKey: .learningDays, default: s.learningDays)
        s.anonymousIP = try c.decode(Detector.self, forKey: .anonymousIP, default: s.anonymousIP)
        s.infrequentCountry = try c.decode(Detector.self, forKey: .infrequentCountry, default: s.infrequentCountry)
        s.suspiciousIP = try c.decode(Detector.self, forKey: .suspiciousIP, default: s.suspiciousIP)
        let travel = try c.decodeIfPresent(Detector.self, forKey: .impossibleTravel)
        s.impossibleTravel = travel?.options(default: s.impossibleTravel) ?? s.impossibleTravel
        s.travelSensitivity = travel?.sensitivity ?? s.travelSensitivity
        s.terminatedUser = try c.decode(Detector.self, forKey: .terminatedUser, default: s.terminatedUser)
        s.failedLogins = try c.decode(Detector.self, forKey: .failedLogins, default: s.failedLogins)
        s.unusualAdmin = try c.decode(Detector.self, forKey: .unusualAdmin, default: s.unusualAdmin)
        s.unusualImpersonation = try c.decode(Detector.self, forKey: .unusualImpersonation, default: s.unusualImpersonation)
        s.travelSpeedKmh = try c.decode(forKey: .travelSpeedKmh, default: s.travelSpeedKmh)
        s.travelMinimumKm = try c.decode(forKey: .travelMinimumKm, default: s.travelMinimumKm)
        s.cityRadiusKm = try c.decode(forKey: .cityRadiusKm, default: s.cityRadiusKm)
        s.countryRadiusKm = try c.decode(forKey: .countryRadiusKm, default: s.countryRadiusKm)
        s.anonymousTags = try c.decode(forKey: .anonymousTags, default: s.anonymousTags)
        s.prevalentAddressUsers = try c.decode(forKey: .prevalentAddressUsers, default: s.prevalentAddressUsers)
        s.countryLookbackDays = try c.decode(forKey: .countryLookbackDays, default: s.countryLookbackDays)
        s.failedLoginMinimum = try c.decode(forKey: .failedLoginMinimum, default: s.failedLoginMinimum)
        s.failedLoginWindowSeconds = try c.decode(forKey: .failedLoginWindowSeconds, default: s.failedLoginWindowSeconds)
        s.sprayUsers = try c.decode(forKey: .sprayUsers, default: s.sprayUsers)
        s.sprayWindowSeconds = try c.decode(forKey: .sprayWindowSeconds, default: s.sprayWindowSeconds)
        s.adminBurstMinimum = try c.decode(forKey: .adminBurstMinimum, default: s.adminBurstMinimum)
        s.adminNewActions = try c.decode(forKey: .adminNewActions, default: s.adminNewActions)
        s.adminWindowSeconds = try c.decode(forKey: .adminWindowSeconds, default: s.adminWindowSeconds)
        s.establishedAppUsers = try c.decode(forKey: .establishedAppUsers, default: s.establishedAppUsers)
        settings = s
    }

    /// One detection's keys: `enabled`, `severity`, `actions`, `scope` and, for impossible travel,
    /// `sensitivity`.
    struct Detector: Decodable, Sendable {
        var enabled: Bool?
        var severity: Severity?
        var actions: [GovernanceAction]?
        var scope: UserScope?
        var sensitivity: TravelSensitivity?

        private enum CodingKeys: String, CodingKey { case enabled, severity, actions, scope, sensitivity }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
            scope = try c.decodeIfPresent(UserScope.self, forKey: .scope)
            sensitivity = try c.decodeIfPresent(TravelSensitivity.self, forKey: .sensitivity)
            if let name = try c.decodeIfPresent(String.self, forKey: .severity) {
                guard let value = ValueNames.value(named: name, in: Severity.named) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .severity, in: c, debugDescription: "'\(name)' is not a severity: informational, low, medium, high")
                }
                severity = value
            }
            if let names = try c.decodeIfPresent([String].self, forKey: .actions) {
                actions = try names.map { name in
                    guard let value = ValueNames.value(named: name, in: GovernanceAction.named) else {
                        throw DecodingError.dataCorruptedError(
                            forKey: .actions, in: c,
                            debugDescription: "'\(name)' is not a governance action: notify-user, require-sign-in, suspend-user")
                    }
                    return value
                }
            }
        }

        /// `base` with the keys this section sets.
        func options(default base: DetectorOptions) -> DetectorOptions {
            DetectorOptions(
                enabled: enabled ?? base.enabled, scope: scope ?? base.scope, severity: severity ?? base.severity,
                actions: actions ?? base.actions)
        }
    }
}

extension KeyedDecodingContainer {
    /// A detection's options from its section under `key`, or `base` when absent.
    fileprivate func decode(
        _ type: DetectionsSection.Detector.Type, forKey key: Key, default base: DetectorOptions
    ) throws -> DetectorOptions {
        try decodeIfPresent(type, forKey: key)?.options(default: base) ?? base
    }
}
