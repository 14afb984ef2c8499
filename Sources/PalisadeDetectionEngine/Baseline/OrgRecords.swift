/// An organisation as a whole: when detection first saw it.
public struct OrgBaseline: Sendable, Hashable {
    /// The time of the organisation's first activity.
    public var firstSeen: Int64

    /// An organisation first seen at `time`.
    public init(firstSeen time: Int64) { firstSeen = time }
}

/// One address as the organisation uses it: who (org prevalence), and failed sign-ins from it
/// (password spray).
public struct AddressUse: Sendable, Hashable {
    /// Distinct users of successful activity from it, up to the prevalence threshold.
    public var users: [String] = []
    /// Failed sign-ins from it within the spray window: time and the user aimed at.
    public var failed: [Mark] = []
    /// Until when a reported spray keeps counting as the same one.
    public var sprayUntil: Int64 = .min
    /// Until when the address counts as a password-spray source (a spray, plus 7 days).
    public var suspectUntil: Int64 = .min
    /// The latest activity from it.
    public var last: Int64 = .min

    /// An address not yet seen.
    public init() {}
}

/// One app or agent acting for users of the organisation.
public struct AppUse: Sendable, Hashable {
    /// When it first acted for anyone.
    public var first: Int64
    /// Distinct users it acted for, up to the establishment threshold.
    public var users: [String] = []
    /// The latest time it acted.
    public var last: Int64

    /// An app first seen at `time`.
    public init(first time: Int64) {
        first = time
        last = time
    }
}

/// One country or city as the organisation's people use it (impossible travel's tenant layer).
public struct PlaceUse: Sendable, Hashable {
    /// Distinct users seen there, up to a small cap.
    public var users: [String] = []
    /// The latest time.
    public var last: Int64 = .min

    /// A place not yet seen.
    public init() {}
}
