/// A value in a MaxMind DB data section, for ``MMDBWriter``: the format's types, each written the
/// way MaxMind DB File Format Specification 2.0 says (research notes: geoip.md §2.3).
public enum MMDBValue: Sendable, Equatable {
    /// Type 7; keys are written sorted, so equal maps encode to equal bytes.
    case map([String: MMDBValue])
    /// Type 11.
    case array([MMDBValue])
    /// Type 2, UTF-8.
    case string(String)
    /// Type 3, 8 bytes big-endian.
    case double(Double)
    /// Type 15, 4 bytes big-endian.
    case float(Float)
    /// Type 4.
    case bytes([UInt8])
    /// Type 5 (GeoIP2 `accuracy_radius` has this type).
    case uint16(UInt16)
    /// Type 6.
    case uint32(UInt32)
    /// Type 8.
    case int32(Int32)
    /// Type 9 (metadata `build_epoch` has this type).
    case uint64(UInt64)
    /// Type 14.
    case bool(Bool)

    /// A record with the GeoIP2 City shape holding only the fields given, as DB-IP and MaxMind
    /// write them: `country.iso_code`, `subdivisions[0].names.en`, `city.names.en`,
    /// `location.latitude`/`longitude` (doubles) and `location.accuracy_radius` (uint16).
    public static func city(
        country: String? = nil, subdivision: String? = nil, city: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        accuracyRadius: UInt16? = nil
    ) -> MMDBValue {
        var record: [String: MMDBValue] = [:]
        if let country { record["country"] = .map(["iso_code": .string(country)]) }
        if let subdivision { record["subdivisions"] = .array([.map(["names": .map(["en": .string(subdivision)])])]) }
        if let city { record["city"] = .map(["names": .map(["en": .string(city)])]) }
        var location: [String: MMDBValue] = [:]
        if let latitude { location["latitude"] = .double(latitude) }
        if let longitude { location["longitude"] = .double(longitude) }
        if let accuracyRadius { location["accuracy_radius"] = .uint16(accuracyRadius) }
        if !location.isEmpty { record["location"] = .map(location) }
        return .map(record)
    }

    /// The value's bytes: control byte(s), then the payload.
    public var encoded: [UInt8] {
        switch self {
        case .map(let entries):
            var bytes = Self.control(type: 7, size: entries.count)
            // Sorted by UTF-8 bytes, not by String's order, so the output is the same on every platform.
            for key in entries.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                bytes += MMDBValue.string(key).encoded + entries[key]!.encoded
            }
            return bytes
        case .array(let items):
            return items.reduce(Self.control(type: 11, size: items.count)) { $0 + $1.encoded }
        case .string(let text):
            return Self.control(type: 2, size: text.utf8.count) + Array(text.utf8)
        case .double(let value):
            return Self.control(type: 3, size: 8) + Self.bigEndian(value.bitPattern, width: 8)
        case .float(let value):
            return Self.control(type: 15, size: 4) + Self.bigEndian(UInt64(value.bitPattern), width: 4)
        case .bytes(let payload):
            return Self.control(type: 4, size: payload.count) + payload
        case .uint16(let value):
            return Self.unsigned(type: 5, UInt64(value))
        case .uint32(let value):
            return Self.unsigned(type: 6, UInt64(value))
        case .int32(let value):
            return Self.unsigned(type: 8, UInt64(UInt32(bitPattern: value)))
        case .uint64(let value):
            return Self.unsigned(type: 9, value)
        case .bool(let value):
            return Self.control(type: 14, size: value ? 1 : 0)
        }
    }

    /// The control byte for `type` and `size`: the type in the top 3 bits (0 plus a second byte
    /// holding type − 7 for types above 7), the size in the low 5 bits, with 1–3 extra size bytes
    /// after the type bytes for sizes of 29 and more.
    static func control(type: Int, size: Int) -> [UInt8] {
        let sizeBits: Int
        let extra: [UInt8]
        switch size {
        case ..<29: (sizeBits, extra) = (size, [])
        case ..<285: (sizeBits, extra) = (29, bigEndian(UInt64(size - 29), width: 1))
        case ..<65_821: (sizeBits, extra) = (30, bigEndian(UInt64(size - 285), width: 2))
        default: (sizeBits, extra) = (31, bigEndian(UInt64(size - 65_821), width: 3))
        }
        let head: [UInt8] = type <= 7 ? [UInt8(type << 5 | sizeBits)] : [UInt8(sizeBits), UInt8(type - 7)]
        return head + extra
    }

    /// An unsigned integer without its leading zero bytes (the format's rule; zero is no bytes).
    static func unsigned(type: Int, _ value: UInt64) -> [UInt8] {
        let payload = Array(bigEndian(value, width: 8).drop { $0 == 0 })
        return control(type: type, size: payload.count) + payload
    }

    /// The low `width` bytes of `value`, most significant first.
    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
    }
}
