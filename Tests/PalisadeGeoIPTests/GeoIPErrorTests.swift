import Foundation
import PalisadeGeoIP
import PalisadeNet
import PalisadeTestSupport
import Testing

/// Files that are not usable GeoIP databases: each is refused at open with a code and a message
/// naming the path and the way out.
@Suite struct GeoIPErrorTests {
    /// The error opening `path` throws, or nil when it opens.
    static func openError(_ path: String) -> GeoIPError? {
        do {
            _ = try GeoIPDatabase(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFile() throws {
        let directory = try TemporaryDirectory("geoip-missing")
        let path = directory.file("absent.mmdb")
        let error = try #require(Self.openError(path))
        #expect(error.code == .notFound)
        #expect(error.path == path)
        #expect(
            error.description
                == "GeoIP database \(path) does not exist; point geoip.database at a GeoIP2-City-shaped .mmdb file "
                + "(DB-IP City Lite, GeoLite2-City, GeoIP2-City) or run `make geoip` for the default one")
        #expect(Self.openError(directory.file("absent/inside.mmdb"))?.code == .notFound)
    }

    @Test func notAMaxMindFile() throws {
        let directory = try TemporaryDirectory("geoip-text")
        let path = try directory.write("notes.mmdb", "country,city\nGB,London\n")
        let error = try #require(Self.openError(path))
        #expect(error.code == .invalidDatabase)
        #expect(error.reason == "is not a MaxMind DB file (libmaxminddb: The MaxMind DB file contains invalid metadata)")
        #expect(error.description.hasPrefix("GeoIP database \(path) is not a MaxMind DB file"))
        #expect(error.description.contains("run `make geoip`"))
        let empty = try directory.write("empty.mmdb", "")
        #expect(Self.openError(empty)?.reason == "is empty, not a MaxMind DB file")
        #expect(Self.openError(empty)?.code == .invalidDatabase)
    }

    @Test func aDirectoryIsUnreadable() throws {
        let directory = try TemporaryDirectory("geoip-directory")
        let error = try #require(Self.openError(directory.path))
        #expect(error.code == .unreadable)
        #expect(error.reason == "is a directory, not a .mmdb file")
    }

    @Test func locationlessDatabasesAreRefused() throws {
        let directory = try TemporaryDirectory("geoip-asn")
        for type in ["GeoLite2-ASN", "DBIP-ASN-Lite (compat=GeoLite2-ASN)", "GeoIP2-Anonymous-IP", "GeoIP2-ISP"] {
            var writer = MMDBWriter(databaseType: type, buildEpoch: GeoIPDatabaseTests.epoch)
            writer.insert(network: try IPNetwork(parsing: "192.0.2.0/24"), record: .map(["autonomous_system_number": .uint32(64_496)]))
            let path = try writer.write(to: directory.file("asn.mmdb"))
            let error = Self.openError(path)
            #expect(error?.code == .wrongShape, "\(type)")
            #expect(error?.reason == "is a \"\(type)\" database, which holds no locations")
        }
        // Types naming a place, and types this code has never heard of, are accepted.
        for type in ["GeoLite2-City", "GeoLite2-Country", "DBIP-Location-ISP (compat=Enterprise)", "ipinfo standard_location", "Test"] {
            let writer = MMDBWriter(databaseType: type, buildEpoch: GeoIPDatabaseTests.epoch)
            let path = try writer.write(to: directory.file("place.mmdb"))
            #expect(Self.openError(path) == nil, "\(type)")
        }
    }

    @Test func aDamagedSearchTreeIsCountedNotFatal() throws {
        let directory = try TemporaryDirectory("geoip-damaged")
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: GeoIPDatabaseTests.epoch)
        writer.insert(network: try IPNetwork(parsing: "2001:db8::/32"), record: .city(country: "DE"))
        writer.insert(network: try IPNetwork(parsing: "8000::/1"), record: .city(country: "ZZ"))
        var bytes = writer.bytes()
        // Node 0's right record (bytes 3–5, 24-bit records) is the data for 8000::/1; point it far
        // past the end of the data section.
        bytes.replaceSubrange(3..<6, with: [0xFF, 0xFF, 0xF0])
        let path = directory.file("damaged.mmdb")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let database = try GeoIPDatabase(path: path)
        #expect(database.lookup(try #require(IPAddress("8000::1"))) == nil)
        #expect(database.lookup(try #require(IPAddress("ffff::1"))) == nil)
        #expect(database.lookupErrors == 2)
        // The rest of the tree still answers.
        #expect(database.lookup(try #require(IPAddress("2001:db8::1")))?.country == "DE")
        #expect(database.lookupErrors == 2)
    }
}
