import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The hand-written Activity reader (`Activity+WireReading.swift`) against the `Codable` path:
/// on every golden activity, on thousands of damaged copies of them and on the encoding rules'
/// corner cases (last occurrence wins, unknown fields, enums a newer peer knows), whatever the
/// reader returns equals what `WireDecoder` returns with the fast readers off, and whatever it
/// gives up on still decodes (or fails) exactly as before.
@Suite("Reading activities by hand")
struct ActivityWireReadingTests {
    static let generic = WireDecoder(usesFastReaders: false)

    /// The binary halves of the vectors whose message is a whole `Activity`.
    static func activityVectors() throws -> [(name: String, bytes: [UInt8])] {
        try VectorFiles.names(in: "activity").filter { name in
            let json = try VectorFiles.data("\(name).json")
            return (try? WireJSONDecoder().decode(Activity.self, from: json)) != nil
                && !["actor", "agent_message", "app", "entity", "location", "place"].contains { name.hasSuffix("activity_\($0)") }
        }.map { ($0, try VectorFiles.hex("\($0).hex")) }
    }

    /// The reader's own answer (nil when it gives up) and the `Codable` path's.
    static func both(_ bytes: [UInt8]) -> (fast: Activity?, generic: Result<Activity, WireError>) {
        let fast = WireFieldReader.reading(bytes) { reader in Activity(wireFields: &reader).flatMap { reader.failed ? nil : $0 } }
        return (fast, Result { () throws(WireError) in try generic.decode(Activity.self, from: bytes) })
    }

    /// An outcome as canonical bytes (or the error): a NaN coordinate is not equal to itself, but
    /// its encoding is.
    static func canonical(_ outcome: Result<Activity, WireError>) -> Result<[UInt8], WireError> {
        outcome.flatMap { activity in Result { () throws(WireError) in try WireEncoder().encode(activity) } }
    }

    /// Fails the test when the reader returned something the `Codable` path does not, or when
    /// the default decoder's outcome differs from the `Codable` path's.
    static func expectAgreement(_ bytes: [UInt8], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (fast, generic) = both(bytes)
        let expected = canonical(generic)
        if let fast {
            #expect(canonical(.success(fast)) == expected, "\(label): the reader disagrees", sourceLocation: sourceLocation)
        }
        let viaDecoder = Result { () throws(WireError) in try WireDecoder().decode(Activity.self, from: bytes) }
        #expect(canonical(viaDecoder) == expected, "\(label): the decoder's outcome changed", sourceLocation: sourceLocation)
    }

    @Test("a NaN coordinate reads the same on both paths (compared by its bits)")
    func notANumber() throws {
        let activity = Activity(location: ActivityLocation(latitude: -Double.nan, longitude: 8.68))
        let bytes = try WireEncoder().encode(activity)
        let (fast, _) = Self.both(bytes)
        #expect(fast?.location?.latitude?.isNaN == true)
        Self.expectAgreement(bytes, "NaN latitude")
    }

    @Test("every golden activity is read by hand, to the value the Codable path reads")
    func goldenVectors() throws {
        let vectors = try Self.activityVectors()
        #expect(vectors.count >= 8)
        for (name, bytes) in vectors {
            let (fast, generic) = Self.both(bytes)
            #expect(fast != nil, "\(name): the reader gave up on a golden vector")
            #expect(Result<Activity, WireError>.success(try #require(fast)) == generic, "\(name)")
        }
    }

    @Test("damaged copies: every truncation and 20,000 seeded byte changes agree with the Codable path")
    func damagedCopies() throws {
        var random = SplitMix64(seed: 0x5EED_AC71)
        for (name, bytes) in try Self.activityVectors() {
            for length in 0..<bytes.count { Self.expectAgreement(Array(bytes[..<length]), "\(name) cut at \(length)") }
            for round in 0..<2_000 {
                var damaged = bytes
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let index = Int.random(in: 0..<damaged.count, using: &random)
                    damaged[index] = round.isMultiple(of: 2) ? UInt8.random(in: 0...255, using: &random) : damaged[index] ^ 0x80
                }
                Self.expectAgreement(damaged, "\(name) damaged (round \(round))")
            }
        }
    }

    @Test("a repeated message field: the last occurrence wins whole, with no merging")
    func lastOccurrenceWins() throws {
        let first = Activity(actor: ActivityActor(kind: .user, id: "U1", name: "first", fields: ["a": "1"]))
        let second = Activity(sequence: 7, actor: ActivityActor(id: "U2"), ipTags: ["tor"])
        let bytes = try WireEncoder().encode(first) + WireEncoder().encode(second)
        let (fast, _) = Self.both(bytes)
        #expect(fast?.actor == ActivityActor(id: "U2"))
        #expect(fast?.sequence == 7 && fast?.ipTags == ["tor"])
        Self.expectAgreement(bytes, "two activities back to back")
    }

    @Test("unknown fields of every wire type are skipped")
    func unknownFields() throws {
        let activity = Activity(sequence: 3, orgID: "E1", location: ActivityLocation(country: "DE", accuracyRadiusKm: 5))
        // Fields 99 (varint), 100 (fixed64), 101 (length-delimited), inside and outside the location.
        let extra: [UInt8] = [0x98, 0x06, 0x05, 0xA1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0xAA, 0x06, 0x02, 0xFF, 0xFF]
        var bytes = extra + (try WireEncoder().encode(activity))
        let location = try WireEncoder().encode(try #require(activity.location))
        bytes += [0xA2, 0x01, UInt8(location.count + extra.count)] + extra + location
        let (fast, _) = Self.both(bytes)
        #expect(fast == activity)
        Self.expectAgreement(bytes, "unknown fields")
    }

    @Test("an enum value from a newer peer, a wrong wire type and an oversized radius are left to the Codable path")
    func givesUp() throws {
        let newerCategory: [UInt8] = [0x38, 0x63]  // category = 99
        #expect(Self.both(newerCategory).fast == nil)
        #expect(try WireDecoder().decode(Activity.self, from: newerCategory).category == .unspecified)

        let wrongType: [UInt8] = [0x10, 0x01]  // orgID as a varint
        #expect(Self.both(wrongType).fast == nil)
        #expect(throws: WireError.self) { try WireDecoder().decode(Activity.self, from: wrongType) }

        let invalidUTF8: [UInt8] = [0x12, 0x02, 0xC3, 0x28]  // orgID = C3 28, a lead byte without its continuation
        #expect(Self.both(invalidUTF8).fast == nil)
        #expect(throws: WireError.self) { try WireDecoder().decode(Activity.self, from: invalidUTF8) }
        let replacement: [UInt8] = [0x12, 0x03, 0xEF, 0xBF, 0xBD]  // U+FFFD itself is valid and kept
        #expect(Self.both(replacement).fast?.orgID == "\u{FFFD}")

        // time far beyond the timestamp's range (wire-fuzz found the Codable path accepted it
        // and the encoder then refused to write it back): refused on both paths.
        let farTime: [UInt8] = [0x20, 0xED, 0xFC, 0xFC, 0xFC, 0xEC, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(Self.both(farTime).fast == nil)
        #expect(throws: WireError.self) { try WireDecoder().decode(Activity.self, from: farTime) }

        let radius: [UInt8] = [0xA2, 0x01, 0x06, 0x30, 0x80, 0x80, 0x80, 0x80, 0x10]  // 2^32 km
        #expect(Self.both(radius).fast == nil)
        #expect(throws: WireError.self) { try WireDecoder().decode(Activity.self, from: radius) }
    }

    @Test("nesting past the decoder's limit is refused on both paths")
    func depthLimit() throws {
        let bytes = try WireEncoder().encode(Activity(actor: ActivityActor(fields: ["k": "v"])))
        var limits = WireLimits()
        limits.maxDepth = 2
        #expect(throws: WireError.self) { try WireDecoder(limits: limits).decode(Activity.self, from: bytes) }
        limits.maxDepth = 3
        #expect(try WireDecoder(limits: limits).decode(Activity.self, from: bytes).actor?.fields == ["k": "v"])
    }
}
