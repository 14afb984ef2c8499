/// What detection knows of one user's habits (issue 14 §2): places, addresses, user agents,
/// active hours, the administrative actions they perform, the apps and agents that act for them,
/// and their failed sign-ins. Every list is bounded; times are the activities' own.
public struct UserBaseline: Sendable, Hashable {
    /// The time of the user's first activity: learning runs from here.
    public var firstSeen: Int64
    /// The time of the latest.
    public var lastSeen: Int64
    /// Countries of successful interactive activity (ISO codes).
    public var countries = SeenList()
    /// Cities of the same, as "CC/City".
    public var cities = SeenList()
    /// Addresses of the same.
    public var addresses = SeenList()
    /// User agents of any activity.
    public var userAgents = SeenList()
    /// Activities per UTC hour of the day.
    public var hours = [UInt32](repeating: 0, count: 24)
    /// Administrative actions the user performed.
    public var adminActions = SeenList()
    /// Apps (by id) and agents that acted for the user.
    public var actingFor = SeenList()
    /// The latest located successful interactive activity: impossible travel's other end.
    public var lastPlace: Place?
    /// Failed sign-ins, counted in their window, and the user's habit.
    public var failures = BurstCounter()
    /// Administrative actions (the mark's key is the action), counted in their window.
    public var admin = BurstCounter()
    /// When Slack's own log says the account was deactivated (nil: active or never seen so).
    public var deactivatedAt: Int64?

    /// A baseline starting at `time`.
    public init(firstSeen time: Int64) {
        firstSeen = time
        lastSeen = time
    }
}

/// One counted activity: its time, what it was about (the action, or the user aimed at), whether
/// that was new to the baseline, and its numbers for evidence.
public struct Mark: Sendable, Hashable {
    /// Unix seconds.
    public var time: Int64
    /// The action, or the user aimed at.
    public var key: String
    /// Whether `key` was new to the baseline when seen.
    public var new: Bool
    /// The activity's sequence number.
    public var sequence: UInt64
    /// Its Slack entry id.
    public var entryID: String

    /// A mark.
    public init(time: Int64, key: String, new: Bool = false, sequence: UInt64, entryID: String) {
        self.time = time
        self.key = key
        self.new = new
        self.sequence = sequence
        self.entryID = entryID
    }
}

extension [Mark] {
    /// Keeps the marks at or after `since` and at most the newest `limit`, in time order.
    mutating func keep(since: Int64, limit: Int) {
        removeAll { $0.time < since }
        if count > limit { removeFirst(count - limit) }
    }

    /// Inserts `mark` in time order (activities can arrive out of order in a backfill).
    mutating func insertInOrder(_ mark: Mark) {
        let position = lastIndex { $0.time <= mark.time }.map { $0 + 1 } ?? 0
        insert(mark, at: position)
    }
}

/// Where an activity came from, as much as impossible travel needs of it later.
public struct Place: Sendable, Hashable {
    /// The activity's time.
    public var time: Int64
    /// Coordinates in degrees.
    public var latitude: Double
    /// …
    public var longitude: Double
    /// The accuracy radius used for it, in km.
    public var radiusKm: Double
    /// ISO country code ("" when unknown).
    public var country: String
    /// City name ("" when unknown).
    public var city: String
    /// The address.
    public var ip: String
    /// The address's category (raw `IPCategory` value).
    public var ipCategory: Int
    /// The activity's sequence number and Slack entry id (evidence).
    public var sequence: UInt64
    /// …
    public var entryID: String
    /// Its action.
    public var action: String
    /// Whether the address is anonymising (impossible travel leaves those to the anonymous-IP
    /// detection).
    public var anonymous: Bool

    /// A place.
    public init(
        time: Int64, latitude: Double, longitude: Double, radiusKm: Double, country: String, city: String, ip: String, ipCategory: Int,
        sequence: UInt64, entryID: String, action: String, anonymous: Bool
    ) {
        (self.time, self.latitude, self.longitude, self.radiusKm) = (time, latitude, longitude, radiusKm)
        (self.country, self.city, self.ip, self.ipCategory) = (country, city, ip, ipCategory)
        (self.sequence, self.entryID, self.action, self.anonymous) = (sequence, entryID, action, anonymous)
    }
}
