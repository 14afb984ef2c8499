import PalisadeGeoIP
import PalisadeNet
import PalisadeTestSupport
import Testing

/// Records that are not quite the GeoIP2 City shape: values of the wrong type, half a position,
/// long strings. Each must read as "absent" where it is wrong, never crash.
@Suite struct GeoIPRecordShapeTests {
    /// Opens a database holding `record` at 192.0.2.0/24 and returns what 192.0.2.1 gives.
    static func lookup(_ record: MMDBValue) throws -> GeoIPRecord? {
        let directory = try TemporaryDirectory("geoip-shape")
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: GeoIPDatabaseTests.epoch)
        writer.insert(network: try IPNetwork(parsing: "192.0.2.0/24"), record: record)
        let database = try GeoIPDatabase(path: writer.write(to: directory.file("shape.mmdb")))
        let result = database.lookup(try #require(IPAddress("192.0.2.1")))
        #expect(database.lookupErrors == 0)
        return result
    }

    @Test func wronglyTypedValuesAreAbsent() throws {
        let record: MMDBValue = .map([
            "country": .map(["iso_code": .uint32(826)]),
            "subdivisions": .map(["names": .map(["en": .string("England")])]),  // a map where an array belongs
            "city": .map(["names": .map(["en": .double(1)])]),
            "location": .map(["latitude": .string("51.5"), "longitude": .double(-0.09), "accuracy_radius": .string("10")]),
        ])
        // Found, so a record, but with nothing usable in it.
        #expect(try Self.lookup(record) == GeoIPRecord())
    }

    @Test func oddButUsableTypesAreRead() throws {
        // A float position and a uint32 radius carry the same meaning as the usual double and uint16.
        let record: MMDBValue = .map([
            "country": .map(["iso_code": .string("GB")]),
            "location": .map(["latitude": .float(51.5), "longitude": .float(-0.25), "accuracy_radius": .uint32(70_000)]),
        ])
        #expect(try Self.lookup(record) == GeoIPRecord(country: "GB", latitude: 51.5, longitude: -0.25, accuracyRadiusKm: 70_000))
    }

    @Test func halfAPositionIsNoPosition() throws {
        let onlyLatitude = try Self.lookup(.city(country: "GB", latitude: 51.5))
        #expect(onlyLatitude == GeoIPRecord(country: "GB"))
        let outOfRange = try Self.lookup(.city(country: "GB", latitude: 91, longitude: 0, accuracyRadius: 5))
        #expect(outOfRange == GeoIPRecord(country: "GB", accuracyRadiusKm: 5))
        let notANumber = try Self.lookup(.city(latitude: .nan, longitude: 0))
        #expect(notANumber == GeoIPRecord())
    }

    @Test func recordsThatAreNotMapsAreEmpty() throws {
        #expect(try Self.lookup(.string("GB")) == GeoIPRecord())
        #expect(try Self.lookup(.array([.string("GB")])) == GeoIPRecord())
        #expect(try Self.lookup(.map([:])) == GeoIPRecord())
        #expect(try Self.lookup(.city(country: "")) == GeoIPRecord())
    }

    @Test func laterSubdivisionsAndOtherLanguagesAreIgnored() throws {
        let record: MMDBValue = .map([
            "subdivisions": .array([
                .map(["names": .map(["de": .string("England (de)"), "en": .string("England")])]),
                .map(["names": .map(["en": .string("Greater London")])]),
            ]),
            "city": .map(["names": .map(["de": .string("London (de)"), "fr": .string("Londres")])]),
        ])
        #expect(try Self.lookup(record) == GeoIPRecord(subdivision: "England"))
    }

    @Test(arguments: [28, 284, 285, 65_820, 65_821, 70_000])
    func longStringsRoundTrip(length: Int) throws {
        // Lengths at the edges of the format's 1-, 2- and 3-byte size extensions.
        let name = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length % 2)
        #expect(name.utf8.count == length)
        let found = try Self.lookup(.city(country: "GB", city: name))
        #expect(found?.city == name)
        #expect(found?.country == "GB")
    }
}
