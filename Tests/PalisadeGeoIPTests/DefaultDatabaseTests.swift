import Foundation
import PalisadeGeoIP
import PalisadeNet
import PalisadeSlackSimulator
import PalisadeTestSupport
import Testing

/// The default database (`make geoip`: DB-IP City Lite 2023-04) puts every Slack simulator site
/// where `SimSite.all` says, so simulated activity geolocates as the scenarios intend.
///
/// The test fails, rather than skips, when the file is missing: `make test` fetches it first
/// (Scripts/fetch-geoip.sh, a few seconds, then cached), and a skip would let CI stop checking the
/// simulator's sites without anyone noticing. Offline without the file, run `make geoip` once
/// while online; the message says so.
@Suite struct DefaultDatabaseTests {
    /// Where Scripts/fetch-geoip.sh puts the file.
    static var defaultPath: String { DefaultGeoIP.path }

    @Test func simulatorSitesLandInTheirCountries() throws {
        let path = Self.defaultPath
        let present = FileManager.default.fileExists(atPath: path)
        try #require(present, "the default GeoIP database is not at \(path): run `make geoip` (Scripts/fetch-geoip.sh) once, online")
        let database = try GeoIPDatabase(path: path)
        #expect(database.metadata.databaseType == "DBIP-City-Lite")
        #expect(database.metadata.buildDate.ISO8601Format() == "2023-04-01T00:26:17Z")
        #expect(SimSite.all.count == 22)
        for site in SimSite.all {
            for host in [1, 128, 254] {
                let text = site.address(host: host)
                let record = database.lookup(try #require(IPAddress(text)))
                #expect(record?.country == site.country, "\(site.key): \(text)")
                #expect(record?.city == site.city, "\(site.key): \(text)")
                // SimSite rounds what the database prints to about six significant digits.
                let latitudeError = abs((record?.latitude ?? .infinity) - site.latitude)
                let longitudeError = abs((record?.longitude ?? .infinity) - site.longitude)
                #expect(latitudeError < 0.001 && longitudeError < 0.001, "\(site.key): \(text) at \(String(describing: record))")
                #expect(record?.accuracyRadiusKm == nil, "DB-IP Lite has no accuracy radius")
            }
        }
        #expect(database.lookupErrors == 0)
    }

    @Test func probeAddressesFromTheResearchNotes() throws {
        let path = Self.defaultPath
        let present = FileManager.default.fileExists(atPath: path)
        try #require(present, "the default GeoIP database is not at \(path): run `make geoip` (Scripts/fetch-geoip.sh) once, online")
        let database = try GeoIPDatabase(path: path)
        // geoip.md §1.3, as mmdblookup printed them.
        let probes = [("8.8.8.8", "US", "Mountain View"), ("81.2.69.142", "GB", "London"), ("2001:218::", "JP", "Chiyoda")]
        for (text, country, city) in probes {
            let record = database.lookup(try #require(IPAddress(text)))
            #expect(record?.country == country && record?.city == city, "\(text): \(String(describing: record))")
        }
        #expect(database.lookup(try #require(IPAddress("10.1.2.3"))) == nil, "private addresses have no record")
    }
}
