/// Everything detection has learned, as records keyed by organisation and subject, with the keys
/// changed since the last `drainChanges()`: the service writes exactly those (with its cursor and
/// the findings, in one transaction), and loads them all back on start, so a restart resumes
/// with the state the last commit had. `palisade detect` keeps it in memory only.
public struct DetectionState: Sendable {
    /// Users by `key(org, user)`.
    var users: [String: UserBaseline] = [:]
    /// Organisations by id.
    var orgs: [String: OrgBaseline] = [:]
    /// Addresses by `key(org, ip)`.
    var addresses: [String: AddressUse] = [:]
    /// Apps and agents by `key(org, id)`.
    var apps: [String: AppUse] = [:]
    /// Countries and cities by `key(org, place)`.
    var places: [String: PlaceUse] = [:]
    /// Records changed since the last drain.
    private(set) var dirty: Set<StateKey> = []

    /// An empty state.
    public init() {}

    /// The key of `subject` within `org`. The unit separator cannot occur in Slack ids.
    static func key(_ org: String, _ subject: String) -> String { "\(org)\u{1F}\(subject)" }

    /// Notes that the record `key` of `kind` changed.
    mutating func touch(_ kind: StateKind, _ key: String) { dirty.insert(StateKey(kind: kind, key: key)) }

    /// The records changed since the last call, as values (cheap: no encoding), for the caller
    /// to encode where it does not hold up the stream (`StateChanges.encoded()`).
    public mutating func takeChanges() -> StateChanges {
        var records: [(kind: StateKind, key: String, value: (any StateRecord)?)] = []
        records.reserveCapacity(dirty.count)
        for key in dirty {
            let value: (any StateRecord)?
            switch key.kind {
            case .user: value = users[key.key]
            case .org: value = orgs[key.key]
            case .address: value = addresses[key.key]
            case .app: value = apps[key.key]
            case .place: value = places[key.key]
            }
            records.append((key.kind, key.key, value))
        }
        dirty.removeAll(keepingCapacity: true)
        return StateChanges(records: records)
    }

    /// The records changed since the last call, encoded (nil value: the record was forgotten).
    public mutating func drainChanges() -> [StateRow] { takeChanges().encoded() }

    /// Loads a record written by `drainChanges()`.
    public mutating func load(_ row: StateRow) throws(StateCodecError) {
        guard let bytes = row.value else { return }
        switch row.kind {
        case .user: users[row.key] = try UserBaseline(decoding: bytes)
        case .org: orgs[row.key] = try OrgBaseline(decoding: bytes)
        case .address: addresses[row.key] = try AddressUse(decoding: bytes)
        case .app: apps[row.key] = try AppUse(decoding: bytes)
        case .place: places[row.key] = try PlaceUse(decoding: bytes)
        }
    }

    /// Forgets addresses, apps and places not seen since `horizon`, and users idle since
    /// `userHorizon` unless Slack's log deactivated them (an ended account is the one that goes
    /// idle, and its return is what the terminated-user detection reports): what keeps the state
    /// the size of the organisation's recent life.
    mutating func forget(before horizon: Int64, usersBefore userHorizon: Int64) {
        for (key, use) in addresses where use.last < horizon && use.suspectUntil < horizon {
            addresses[key] = nil
            touch(.address, key)
        }
        for (key, use) in apps where use.last < horizon {
            apps[key] = nil
            touch(.app, key)
        }
        for (key, use) in places where use.last < horizon {
            places[key] = nil
            touch(.place, key)
        }
        for (key, user) in users where user.lastSeen < userHorizon && user.deactivatedAt == nil {
            users[key] = nil
            touch(.user, key)
        }
    }

    /// How many records of each kind are held (metrics, tests).
    public var counts: [StateKind: Int] {
        [.user: users.count, .org: orgs.count, .address: addresses.count, .app: apps.count, .place: places.count]
    }
}

/// The kinds of state record; the raw value is what the service's table stores.
public enum StateKind: Int, Sendable, Hashable, CaseIterable {
    /// A `UserBaseline`.
    case user = 1
    /// An `OrgBaseline`.
    case org = 2
    /// An `AddressUse`.
    case address = 3
    /// An `AppUse`.
    case app = 4
    /// A `PlaceUse`.
    case place = 5
}

/// A record's identity.
struct StateKey: Hashable, Sendable {
    let kind: StateKind
    let key: String
}

/// Changed records taken from the state, not yet encoded.
public struct StateChanges: Sendable {
    let records: [(kind: StateKind, key: String, value: (any StateRecord)?)]

    /// Whether nothing changed.
    public var isEmpty: Bool { records.isEmpty }

    /// The rows to store.
    public func encoded() -> [StateRow] {
        records.map { StateRow(kind: $0.kind, key: $0.key, value: $0.value?.encoded()) }
    }
}

/// One state record as stored: its kind, key and encoded value (nil: delete it).
public struct StateRow: Sendable, Equatable {
    /// The kind.
    public var kind: StateKind
    /// The key within the kind.
    public var key: String
    /// The encoded record; nil when it was forgotten.
    public var value: [UInt8]?

    /// A row.
    public init(kind: StateKind, key: String, value: [UInt8]?) {
        self.kind = kind
        self.key = key
        self.value = value
    }
}
