import Foundation
import PalisadeWire

// Hand-written readers and writers of the `GetUserStatus` messages (``WireFastDecodable``,
// ``WireFastEncodable``): an identity service answers them from its directory copy by the tens of
// thousands per second, and the `Codable` path cost more than the lookup. Anything unusual (a
// wrong wire type, an unknown state, a timestamp out of range) returns nil and the `Codable` path
// takes over; `IdentityWireTests` holds both paths equal.

extension UserStatusRequest: WireFastDecodable, WireFastEncodable {
    /// Reads a request; nil leaves the bytes to the `Codable` path.
    public init?(wireFields reader: inout WireFieldReader) {
        self.init()
        while let field = reader.next() {
            switch field.number {
            case 1: guard let value = reader.string(field) else { return nil }; email = value
            case 2: guard let value = reader.string(field) else { return nil }; providerID = value
            default: break
            }
        }
        guard !reader.failed else { return nil }
    }

    /// The request's canonical encoding.
    public func wireBytes() -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(email.utf8.count + providerID.utf8.count + 4)
        WireSplicing.appendString(field: 1, email, to: &bytes)
        WireSplicing.appendString(field: 2, providerID, to: &bytes)
        return bytes
    }
}

extension UserStatus: WireFastDecodable, WireFastEncodable {
    /// Reads a status; nil leaves the bytes to the `Codable` path.
    public init?(wireFields reader: inout WireFieldReader) {
        self.init()
        while let field = reader.next() {
            switch field.number {
            case 1:
                guard let raw = reader.varint(field), raw <= UInt64(Int.max), let value = UserState(rawValue: Int(raw)) else { return nil }
                state = value
            case 2: guard let value = reader.string(field) else { return nil }; providerID = value
            case 3: guard let value = reader.string(field) else { return nil }; displayName = value
            case 4: guard let value = reader.string(field) else { return nil }; email = value
            case 5: guard let value = reader.string(field) else { return nil }; provider = value
            case 6: guard let value = reader.timestamp(field) else { return nil }; deleted = value
            case 7: guard let value = reader.timestamp(field) else { return nil }; asOf = value
            default: break
            }
        }
        guard !reader.failed else { return nil }
    }

    /// The status's canonical encoding.
    public func wireBytes() -> [UInt8]? {
        guard let asOfMicros = WireSplicing.microseconds(asOf) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(providerID.utf8.count + displayName.utf8.count + email.utf8.count + provider.utf8.count + 32)
        if state.rawValue != 0 { WireSplicing.appendVarint(field: 1, UInt64(state.rawValue), to: &bytes) }
        WireSplicing.appendString(field: 2, providerID, to: &bytes)
        WireSplicing.appendString(field: 3, displayName, to: &bytes)
        WireSplicing.appendString(field: 4, email, to: &bytes)
        WireSplicing.appendString(field: 5, provider, to: &bytes)
        if let deleted {
            guard let micros = WireSplicing.microseconds(deleted) else { return nil }
            WireSplicing.appendTimestamp(field: 6, microseconds: micros, to: &bytes)
        }
        if asOfMicros != 0 { WireSplicing.appendTimestamp(field: 7, microseconds: asOfMicros, to: &bytes) }
        return bytes
    }
}
