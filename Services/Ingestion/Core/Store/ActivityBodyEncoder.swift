import Foundation
import PalisadeMessages

/// Writes an activity's stored body (fields 2–4 and 6–23, see ``ActivityRecord``) in the binary
/// encoding, byte for byte what `WireEncoder` writes for the activity with `sequence`,
/// `ingested` and `raw` at their defaults (`Protocol/encoding.md` §3: ascending field numbers,
/// defaults left out, present optionals always written, map entries sorted by key).
///
/// Why not `WireEncoder`: its `Codable` path (existential containers, a field path kept for
/// error messages, a builder per nested message) took about 70 % of preparing an entry, and
/// preparing is most of what `Ingest` costs; this one appends straight into one array.
/// `ActivityBodyEncoderTests` holds it equal to `WireEncoder` on every kind of activity.
struct ActivityBodyEncoder {
    private(set) var bytes: [UInt8] = []
    /// False once a date could not be written (out of the timestamp's range).
    private(set) var valid = true

    /// The body of `activity`, or `nil` when a date is out of range (`WireEncoder` says why).
    static func body(of activity: Activity) -> [UInt8]? {
        var encoder = ActivityBodyEncoder()
        encoder.bytes.reserveCapacity(512 + activity.details.utf8.count)
        encoder.writeBody(activity)
        return encoder.valid ? encoder.bytes : nil
    }

    private mutating func writeBody(_ a: Activity) {
        string(2, a.orgID)
        string(3, a.entryID)
        timestamp(4, a.time, presence: false)
        string(6, a.action)
        varint(7, UInt64(a.category.rawValue))
        bool(8, a.administrative)
        bool(9, a.unknownAction)
        if let actor = a.actor { message(10) { $0.writeActor(actor) } }
        if let entity = a.entity { message(11) { $0.writeEntity(entity) } }
        if let place = a.place {
            message(12) { w in
                w.string(1, place.type)
                w.string(2, place.id)
                w.string(3, place.name)
                w.string(4, place.domain)
            }
        }
        string(13, a.ip)
        string(14, a.userAgent)
        string(15, a.sessionID)
        bool(16, a.impersonated)
        if let app = a.actingApp { message(17) { $0.writeApp(app) } }
        string(18, a.actingAgent)
        if let message = a.agentMessage {
            self.message(19) { w in
                w.string(1, message.team)
                w.string(2, message.channelID)
                w.string(3, message.messageTS)
                w.string(4, message.threadTS)
            }
        }
        if let location = a.location { message(20) { $0.writeLocation(location) } }
        varint(21, UInt64(a.ipCategory.rawValue))
        strings(22, a.ipTags)
        string(23, a.details)
    }

    private mutating func writeActor(_ actor: ActivityActor) {
        varint(1, UInt64(actor.kind.rawValue))
        string(2, actor.type)
        string(3, actor.id)
        string(4, actor.name)
        string(5, actor.email)
        string(6, actor.team)
        string(7, actor.accountType)
        map(8, actor.fields)
    }

    private mutating func writeEntity(_ entity: ActivityEntity) {
        string(1, entity.type)
        string(2, entity.id)
        string(3, entity.name)
        string(4, entity.email)
        string(5, entity.team)
        string(6, entity.domain)
        string(7, entity.accountType)
        string(8, entity.privacy)
        optionalBool(9, entity.shared)
        optionalBool(10, entity.orgShared)
        strings(11, entity.sharedWith)
        string(12, entity.fileType)
        string(13, entity.title)
        strings(14, entity.scopes)
        strings(15, entity.botScopes)
        optionalBool(16, entity.distributed)
        optionalBool(17, entity.directoryApproved)
        optionalBool(18, entity.workflowApp)
        string(19, entity.appID)
        string(20, entity.channel)
        string(21, entity.messageTS)
        map(22, entity.fields)
    }

    private mutating func writeApp(_ app: ActivityApp) {
        string(1, app.id)
        string(2, app.name)
        strings(3, app.scopes)
        strings(4, app.botScopes)
        optionalBool(5, app.distributed)
        optionalBool(6, app.directoryApproved)
        optionalBool(7, app.workflowApp)
        string(8, app.creator)
        string(9, app.team)
        map(10, app.fields)
    }

    private mutating func writeLocation(_ location: ActivityLocation) {
        if let country = location.country { string(1, country, presence: true) }
        if let subdivision = location.subdivision { string(2, subdivision, presence: true) }
        if let city = location.city { string(3, city, presence: true) }
        if let latitude = location.latitude { double(4, latitude) }
        if let longitude = location.longitude { double(5, longitude) }
        if let radius = location.accuracyRadiusKm {
            key(6, wireType: 0)
            raw(UInt64(radius))
        }
        if let built = location.databaseBuilt { timestamp(7, built, presence: true) }
    }

    // MARK: Primitives

    private mutating func raw(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    private mutating func key(_ field: Int, wireType: UInt64) { raw(UInt64(field) << 3 | wireType) }

    private mutating func varint(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        key(field, wireType: 0)
        raw(value)
    }

    private mutating func bool(_ field: Int, _ value: Bool) { varint(field, value ? 1 : 0) }

    private mutating func optionalBool(_ field: Int, _ value: Bool?) {
        guard let value else { return }
        key(field, wireType: 0)
        raw(value ? 1 : 0)
    }

    private mutating func string(_ field: Int, _ value: String, presence: Bool = false) {
        let utf8 = value.utf8
        guard !utf8.isEmpty || presence else { return }
        key(field, wireType: 2)
        raw(UInt64(utf8.count))
        // A native string's bytes are contiguous: one copy, not a loop over the view.
        if utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: utf8) }
    }

    /// A repeated string: every element, empty ones included.
    private mutating func strings(_ field: Int, _ values: [String]) {
        for value in values { string(field, value, presence: true) }
    }

    private mutating func double(_ field: Int, _ value: Double) {
        key(field, wireType: 1)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Whole microseconds since 1970, rounded to the nearest, zigzag; as `WireEncoder` writes them.
    private mutating func timestamp(_ field: Int, _ date: Date, presence: Bool) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard micros.isFinite, micros > -9.2e18, micros < 9.2e18 else {
            valid = false
            return
        }
        let value = Int64(micros)
        guard value != 0 || presence else { return }
        key(field, wireType: 0)
        raw(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A map: one `{1: key, 2: value}` entry per element, sorted by the keys' UTF-8 bytes.
    private mutating func map(_ field: Int, _ values: [String: String]) {
        guard !values.isEmpty else { return }
        for (name, value) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            message(field) { w in
                w.string(1, name)
                w.string(2, value)
            }
        }
    }

    /// A present nested message: written even when empty. Its bytes are appended in place and
    /// the key and length put in front afterwards (one move of a few hundred bytes), so nothing
    /// is built apart.
    private mutating func message(_ field: Int, _ body: (inout ActivityBodyEncoder) -> Void) {
        let start = bytes.count
        body(&self)
        let key = UInt64(field) << 3 | 2, length = UInt64(bytes.count - start)
        bytes.insert(contentsOf: repeatElement(0, count: Self.size(of: key) + Self.size(of: length)), at: start)
        _ = put(length, at: put(key, at: start))
    }

    /// Bytes of a minimal varint.
    private static func size(of value: UInt64) -> Int {
        var size = 1
        var remaining = value >> 7
        while remaining != 0 {
            size += 1
            remaining >>= 7
        }
        return size
    }

    /// Overwrites a varint at `position`; returns where it ends.
    private mutating func put(_ value: UInt64, at position: Int) -> Int {
        var index = position
        var remaining = value
        while remaining >= 0x80 {
            bytes[index] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            index += 1
        }
        bytes[index] = UInt8(remaining)
        return index + 1
    }
}
