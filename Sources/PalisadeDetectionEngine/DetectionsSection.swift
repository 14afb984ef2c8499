import PalisadeMessages

/// The `detections` section: the learning period, each detection's switch, scope, severity and
/// actions, and the thresholds (`docs/detections.md`). Every key is optional; absent ones keep
/// `DetectionSettings`' defaults. The detection service reads it from its configuration file,
/// `palisade detect` from `--settings FILE` (the same keys at the top of the file).
///
/// ```yaml
/// detections:
///   learningDays: 7
///   impossibleTravel: { sensitivity: high, severity: high, actions: [require-sign-in] }
///   infrequentCountry: { scope: { exclude: ["@travel.acme.test"] } }
///   failedLogins: { enabled: false }
///   travelSpeedKmh: 900
/// ```
public struct DetectionsSection: Decodable, Sendable {
    /// The settings the section describes.
    public var settings = DetectionSettings()

    /// The default settings.
    public init() {}

    /// The numeric keys' allowed ranges, for the reader of the file to check after decoding
    /// (its own errors name the key and where it came from): key, the value in `settings`
    /// (rounded down for the distances and speeds), range.
    public static let limits: [(key: String, value: @Sendable (DetectionSettings) -> Int, range: ClosedRange<Int>)] = [
        ("learningDays", { $0.learningDays }, 0...365),
        ("prevalentAddressUsers", { $0.prevalentAddressUsers }, 1...100_000),
        ("countryLookbackDays", { $0.countryLookbackDays }, 1...3_650),
        ("failedLoginMinimum", { $0.failedLoginMinimum }, 2...10_000),
        ("failedLoginWindowSeconds", { $0.failedLoginWindowSeconds }, 60...86_400),
        ("sprayUsers", { $0.sprayUsers }, 2...10_000),
        ("sprayWindowSeconds", { $0.sprayWindowSeconds }, 60...86_400),
        ("adminBurstMinimum", { $0.adminBurstMinimum }, 2...10_000),
        ("adminNewActions", { $0.adminNewActions }, 1...1_000),
        ("adminWindowSeconds", { $0.adminWindowSeconds }, 60...86_400),
        ("establishedAppUsers", { $0.establishedAppUsers }, 1...100_000),
        ("travelSpeedKmh", { Int($0.travelSpeedKmh) }, 100...100_000),
        ("travelMinimumKm", { Int($0.travelMinimumKm) }, 0...20_000),
    ]

    private enum CodingKeys: String, CodingKey {
        case learningDays, anonymousIP, infrequentCountry, suspiciousIP, impossibleTravel, terminatedUser, failedLogins
        case unusualAdmin, unusualImpersonation
        case travelSpeedKmh, travelMinimumKm, cityRadiusKm, countryRadiusKm, anonymousTags, prevalentAddressUsers
        case countryLookbackDays, failedLoginMinimum, failedLoginWindowSeconds, sprayUsers, sprayWindowSeconds
        case adminBurstMinimum, adminNewActions, adminWindowSeconds, establishedAppUsers
    }

    /// Decodes the section; absent keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = DetectionSettings()
        s.learningDays = try c.value(forKey: .learningDays, default: s.learningDays)
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
        s.travelSpeedKmh = try c.value(forKey: .travelSpeedKmh, default: s.travelSpeedKmh)
        s.travelMinimumKm = try c.value(forKey: .travelMinimumKm, default: s.travelMinimumKm)
        s.cityRadiusKm = try c.value(forKey: .cityRadiusKm, default: s.cityRadiusKm)
        s.countryRadiusKm = try c.value(forKey: .countryRadiusKm, default: s.countryRadiusKm)
        s.anonymousTags = try c.value(forKey: .anonymousTags, default: s.anonymousTags)
        s.prevalentAddressUsers = try c.value(forKey: .prevalentAddressUsers, default: s.prevalentAddressUsers)
        s.countryLookbackDays = try c.value(forKey: .countryLookbackDays, default: s.countryLookbackDays)
        s.failedLoginMinimum = try c.value(forKey: .failedLoginMinimum, default: s.failedLoginMinimum)
        s.failedLoginWindowSeconds = try c.value(forKey: .failedLoginWindowSeconds, default: s.failedLoginWindowSeconds)
        s.sprayUsers = try c.value(forKey: .sprayUsers, default: s.sprayUsers)
        s.sprayWindowSeconds = try c.value(forKey: .sprayWindowSeconds, default: s.sprayWindowSeconds)
        s.adminBurstMinimum = try c.value(forKey: .adminBurstMinimum, default: s.adminBurstMinimum)
        s.adminNewActions = try c.value(forKey: .adminNewActions, default: s.adminNewActions)
        s.adminWindowSeconds = try c.value(forKey: .adminWindowSeconds, default: s.adminWindowSeconds)
        s.establishedAppUsers = try c.value(forKey: .establishedAppUsers, default: s.establishedAppUsers)
        settings = s
    }

    /// One detection's keys: `enabled`, `severity`, `actions`, `scope` and, for impossible travel,
    /// `sensitivity`.
    public struct Detector: Decodable, Sendable {
        /// `enabled`.
        public var enabled: Bool?
        /// `severity`: informational, low, medium or high.
        public var severity: Severity?
        /// `actions`: notify-user, require-sign-in, suspend-user.
        public var actions: [GovernanceAction]?
        /// `scope`.
        public var scope: UserScope?
        /// `sensitivity` (impossible travel only).
        public var sensitivity: TravelSensitivity?

        private enum CodingKeys: String, CodingKey { case enabled, severity, actions, scope, sensitivity }

        /// Decodes one detection's keys.
        public init(from decoder: any Decoder) throws {
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
        public func options(default base: DetectorOptions) -> DetectorOptions {
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

    /// The value for `key`, or `base` when the key is absent or null (the service scaffold's
    /// `decode(forKey:default:)`, which this module does not depend on).
    fileprivate func value<T: Decodable>(forKey key: Key, default base: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? base
    }
}
