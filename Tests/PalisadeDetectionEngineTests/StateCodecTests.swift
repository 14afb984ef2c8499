import PalisadeDetectionEngine
import Testing

/// The byte form of the state records: every field back as it was; damaged, truncated or
/// foreign records refused rather than misread.
@Suite("Detection state records in bytes")
struct StateCodecTests {
    static func baseline() -> UserBaseline {
        var baseline = UserBaseline(firstSeen: -5)
        baseline.lastSeen = 1_789_000_000
        baseline.countries.record("DE", at: 1_788_000_000, capacity: 8)
        baseline.countries.record("BR", at: 1_789_000_000, capacity: 8)
        baseline.cities.record("DE/Berlin", at: 1_788_000_000, capacity: 8)
        baseline.userAgents.record("Mozilla/5.0 (Macintosh) ünïcode", at: 1, capacity: 8)
        baseline.hours[23] = 4_000_000_000
        baseline.adminActions.record("role_change_to_admin", at: 7, capacity: 8)
        baseline.lastPlace = Place(
            time: 9, latitude: -33.8688, longitude: 151.2093, radiusKm: 50, country: "AU", city: "Sydney", ip: "2001:db8::1", ipCategory: 4,
            sequence: .max, entryID: "e-1", action: "user_login", anonymous: true)
        _ = baseline.failures.count(Mark(time: 100, key: "W1", sequence: 3, entryID: "f-1"), window: 600)
        baseline.deactivatedAt = 1_789_000_001
        return baseline
    }

    @Test("a baseline with every field set reads back equal")
    func roundTrip() throws {
        let baseline = Self.baseline()
        #expect(try UserBaseline(decoding: baseline.encoded()) == baseline)
        var address = AddressUse()
        address.users = ["W1", "W2"]
        address.failed = [Mark(time: 5, key: "W3", new: true, sequence: 8, entryID: "x")]
        address.suspectUntil = 99
        #expect(try AddressUse(decoding: address.encoded()) == address)
    }

    @Test("truncated, extended or of another format version: refused")
    func refusals() {
        let bytes = Self.baseline().encoded()
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: StateCodecError.self) { _ = try UserBaseline(decoding: Array(bytes.prefix(cut))) }
        }
        #expect(throws: StateCodecError.self) { _ = try UserBaseline(decoding: bytes + [0]) }
        #expect(throws: StateCodecError.self) { _ = try UserBaseline(decoding: [2] + bytes.dropFirst()) }
        #expect(throws: StateCodecError.self) { _ = try UserBaseline(decoding: []) }
    }
}
