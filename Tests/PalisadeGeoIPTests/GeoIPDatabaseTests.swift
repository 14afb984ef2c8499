import Foundation
import PalisadeGeoIP
import PalisadeNet
import PalisadeTestSupport
import Testing

/// Lookups in databases the tests write with ``MMDBWriter``: what each record holds comes back,
/// what it lacks stays absent, and addresses without a record give nil.
@Suite struct GeoIPDatabaseTests {
    /// 2026-11-02T00:00:00Z, the build date of the test database the activity vectors assume.
    static let epoch: UInt64 = 1_793_577_600

    /// A database with full and partial records for IPv4 and IPv6, written with `recordSize`-bit records.
    static func cityDatabase(recordSize: Int = 24) throws -> MMDBWriter {
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: epoch, recordSize: recordSize)
        writer.insert(
            network: try IPNetwork(parsing: "81.2.69.0/24"),
            record: .city(
                country: "GB", subdivision: "England", city: "London", latitude: 51.5142, longitude: -0.0931, accuracyRadius: 10))
        writer.insert(
            network: try IPNetwork(parsing: "192.0.2.0/24"),
            record: .city(country: "US", subdivision: "New York", city: "New York", latitude: 40.7128, longitude: -74.006))
        writer.insert(network: try IPNetwork(parsing: "198.51.100.0/24"), record: .city(country: "JP"))
        writer.insert(
            network: try IPNetwork(parsing: "2001:db8::/32"),
            record: .city(country: "DE", city: "Berlin", latitude: 52.52, longitude: 13.405, accuracyRadius: 100))
        return writer
    }

    /// Opens `writer`'s bytes from a file in `directory`.
    static func open(_ writer: MMDBWriter, in directory: borrowing TemporaryDirectory, name: String = "test.mmdb") throws -> GeoIPDatabase {
        try GeoIPDatabase(path: writer.write(to: directory.file(name)))
    }

    static func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test(arguments: [24, 28, 32])
    func fullAndPartialRecords(recordSize: Int) throws {
        let directory = try TemporaryDirectory("geoip-records")
        let database = try Self.open(Self.cityDatabase(recordSize: recordSize), in: directory)
        let london = GeoIPRecord(
            country: "GB", subdivision: "England", city: "London", latitude: 51.5142, longitude: -0.0931, accuracyRadiusKm: 10)
        #expect(database.lookup(try Self.address("81.2.69.142")) == london)
        #expect(database.lookup(try Self.address("81.2.69.0")) == london)
        #expect(database.lookup(try Self.address("81.2.69.255")) == london)
        // The same address written as IPv4-mapped IPv6 is the same IPv4 address.
        #expect(database.lookup(try Self.address("::ffff:81.2.69.1")) == london)
        // No radius in the record: none in the answer.
        let newYork = GeoIPRecord(country: "US", subdivision: "New York", city: "New York", latitude: 40.7128, longitude: -74.006)
        #expect(database.lookup(try Self.address("192.0.2.5")) == newYork)
        // Country only.
        #expect(database.lookup(try Self.address("198.51.100.77")) == GeoIPRecord(country: "JP"))
        // IPv6.
        let berlin = GeoIPRecord(country: "DE", city: "Berlin", latitude: 52.52, longitude: 13.405, accuracyRadiusKm: 100)
        #expect(database.lookup(try Self.address("2001:db8:1234::1")) == berlin)
        #expect(database.lookup(try Self.address("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")) == berlin)
        #expect(database.metadata.recordSize == recordSize)
        #expect(database.lookupErrors == 0)
    }

    @Test func addressesWithoutARecordGiveNil() throws {
        let directory = try TemporaryDirectory("geoip-none")
        let database = try Self.open(Self.cityDatabase(), in: directory)
        for text in ["81.2.70.1", "81.2.68.255", "10.0.0.1", "127.0.0.1", "8.8.8.8", "2001:db9::1", "::1", "fe80::1", "::"] {
            #expect(database.lookup(try Self.address(text)) == nil, "\(text) has no record")
        }
        // An IPv6 address inside ::/96 is where IPv4 lives in the tree, but 81.2.69.0/24 was
        // written there only as IPv4; looking it up as IPv6 reaches the same record.
        #expect(database.lookup(try Self.address("::5102:458e"))?.country == "GB")
        #expect(database.lookupErrors == 0)
    }

    @Test func metadataDescribesTheFile() throws {
        let directory = try TemporaryDirectory("geoip-metadata")
        var writer = try Self.cityDatabase()
        writer.languages = ["en", "de"]
        writer.descriptions = ["en": "unit-test database", "de": "Testdatenbank"]
        let database = try Self.open(writer, in: directory)
        let metadata = database.metadata
        #expect(metadata.databaseType == "Test-City")
        #expect(metadata.buildDate == Date(timeIntervalSince1970: 1_793_577_600))
        #expect(metadata.buildDate.ISO8601Format() == "2026-11-02T00:00:00Z")
        #expect(metadata.ipVersion == 6)
        #expect(metadata.recordSize == 24)
        #expect(metadata.nodeCount > 96)
        #expect(metadata.languages == ["en", "de"])
        #expect(metadata.descriptions == ["en": "unit-test database", "de": "Testdatenbank"])
        #expect(database.path == directory.file("test.mmdb"))
    }

    @Test func networksInsertedInsideAndOverOthers() throws {
        let directory = try TemporaryDirectory("geoip-nested")
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: Self.epoch)
        writer.insert(network: try IPNetwork(parsing: "10.0.0.0/8"), record: .city(country: "AA"))
        // Inside 10/8: splits it; the rest of 10/8 keeps AA.
        writer.insert(network: try IPNetwork(parsing: "10.1.2.0/24"), record: .city(country: "BB"))
        writer.insert(network: try IPNetwork(parsing: "10.1.2.128/25"), record: .city(country: "CC"))
        // 172.16.0.0/24 and /25 first, then 172.16.0.0/16 over them: the wider one replaces both.
        writer.insert(network: try IPNetwork(parsing: "172.16.0.0/24"), record: .city(country: "DD"))
        writer.insert(network: try IPNetwork(parsing: "172.16.0.0/25"), record: .city(country: "EE"))
        writer.insert(network: try IPNetwork(parsing: "172.16.0.0/16"), record: .city(country: "FF"))
        // A single address and a single IPv6 address.
        writer.insert(network: try IPNetwork(parsing: "203.0.113.7"), record: .city(country: "NL"))
        writer.insert(network: try IPNetwork(parsing: "2001:db8::42"), record: .city(country: "SE"))
        let database = try Self.open(writer, in: directory)
        let expected = [
            ("10.0.0.1", "AA"), ("10.1.1.255", "AA"), ("10.1.2.1", "BB"), ("10.1.2.127", "BB"), ("10.1.2.128", "CC"),
            ("10.1.2.255", "CC"), ("10.1.3.0", "AA"), ("10.255.255.255", "AA"), ("172.16.0.1", "FF"), ("172.16.0.200", "FF"),
            ("172.16.255.1", "FF"), ("203.0.113.7", "NL"), ("2001:db8::42", "SE"),
        ]
        for (text, country) in expected {
            #expect(database.lookup(try Self.address(text))?.country == country, "\(text)")
        }
        for text in ["11.0.0.0", "172.17.0.0", "203.0.113.6", "203.0.113.8", "2001:db8::41", "2001:db8::43"] {
            #expect(database.lookup(try Self.address(text)) == nil, "\(text)")
        }
    }

    @Test func ipv4OnlyDatabase() throws {
        let directory = try TemporaryDirectory("geoip-v4")
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: Self.epoch, ipVersion: 4)
        writer.insert(network: try IPNetwork(parsing: "81.2.69.0/24"), record: .city(country: "GB", city: "London"))
        let database = try Self.open(writer, in: directory)
        #expect(database.metadata.ipVersion == 4)
        #expect(database.lookup(try Self.address("81.2.69.9")) == GeoIPRecord(country: "GB", city: "London"))
        #expect(database.lookup(try Self.address("81.2.70.9")) == nil)
        // An IPv6 address has no record in an IPv4 database; that is not a lookup error.
        #expect(database.lookup(try Self.address("2001:db8::1")) == nil)
        #expect(database.lookupErrors == 0)
    }

    @Test func concurrentLookupsAgree() async throws {
        let directory = try TemporaryDirectory("geoip-concurrent")
        let database = try Self.open(Self.cityDatabase(), in: directory)
        let addresses = try ["81.2.69.1", "192.0.2.1", "198.51.100.1", "2001:db8::1", "8.8.8.8"].map(Self.address)
        let expected = addresses.map(database.lookup)
        let agreeing = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<2_000).allSatisfy { round in
                        database.lookup(addresses[round % addresses.count]) == expected[round % addresses.count]
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(agreeing == 8)
        #expect(expected[0]?.city == "London" && expected[4] == nil)
    }
}
