import PalisadeWire

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

    /// The records changed since the last call, encoded (nil value: the record was forgotten).
    public mutating func drainChanges() throws(WireError) -> [StateRow] {
        let encoder = WireEncoder()
        var rows: [StateRow] = []
        rows.reserveCapacity(dirty.count)
        for key in dirty {
            let value: [UInt8]?
            switch key.kind {
            case .user: value = try users[key.key].map { value throws(WireError) in try encoder.encode(value) }
            case .org: value = try orgs[key.key].map { value throws(WireError) in try encoder.encode(value) }
            case .address: value = try addresses[key.key].map { value throws(WireError) in try encoder.encode(value) }
            case .app: value = try apps[key.key].map { value throws(WireError) in try encoder.encode(value) }
            case .place: value = try places[key.key].map { value throws(WireError) in try encoder.encode(value) }
            }
            rows.append(StateRow(kind: key.kind, key: key.key, value: value))
        }
        dirty.removeAll(keepingCapacity: true)
        return rows
    }

    /// Loads a record written by `drainChanges()`.
    public mutating func load(_ row: StateRow) throws(WireError) {
        let decoder = WireDecoder()
        guard let bytes = row.value else { return }
        switch row.kind {
        case .user: users[row.key] = try decoder.decode(UserBaseline.self, from: bytes)
        case .org: orgs[row.key] = try decoder.decode(OrgBaseline.self, from: bytes)
        case .address: addresses[row.key] = try decoder.decode(AddressUse.self, from: bytes)
        case .app: apps[row.key] = try decoder.decode(AppUse.self, from: bytes)
        case .place: places[row.key] = try decoder.decode(PlaceUse.self, from: bytes)
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
