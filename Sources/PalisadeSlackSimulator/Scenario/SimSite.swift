// The places users' IPs come from. Every prefix below was checked against the DB-IP City Lite
// 2023-04 database (`dbip-city-lite-2023-04.mmdb`, sha256 f3b42017…c5989b, fetched as in
// geoip.md §1.5) with `mmdblookup -f DB -i A.B.C.{1,128,254} country iso_code / city names en /
// location` and `-v` for the record prefix length. A record prefix length ≤ 120 (IPv4 inside the
// IPv6 tree, 96 + 24) means the whole /24 is one record, so any host byte geolocates the same.
//
//   prefix            len  iso  city (as printed)                   latitude   longitude   category
//   81.2.69.0/24      120  GB   London                              51.514300   -0.091224  office
//   63.200.0.0/24     119  US   New York                            40.712800  -74.006000  office
//   38.99.0.0/24      120  US   San Francisco (Financial District)  37.795000 -122.403000  office
//   84.128.0.0/24     115  DE   Frankfurt am Main                   50.110900    8.682130  office
//   90.84.0.0/24      119  FR   Paris                               48.856600    2.352220  office
//   126.0.0.0/24      119  JP   Tokyo                               35.689500  139.692000  office
//   144.130.0.0/24    117  AU   Sydney                             -33.868800  151.209000  office
//   177.71.128.0/24   113  BR   São Paulo                          -23.555800  -46.639600  office
//   116.88.0.0/24     120  SG   Singapore (Queenstown Estate)        1.294150  103.791000  office
//   106.51.0.0/24     120  IN   Bengaluru (Vasanth Nagar)           12.983300   77.596500  office
//   24.114.0.0/24     119  CA   Toronto (Old Toronto)               43.671500  -79.380000  office
//   88.26.0.0/24      118  ES   Madrid                              40.516700   -3.664790  home
//   154.0.0.0/24      119  ZA   Johannesburg                       -26.204100   28.047300  home
//   211.36.0.0/24     120  KR   Seoul (Kyonggidae-ro 1-gil)         37.561100  126.961000  home
//   189.216.0.0/24    116  MX   Mexico City (Zedec Santa Fe)        19.365400  -99.258700  home
//   90.224.0.0/24     119  SE   Stockholm                           59.329300   18.068600  home
//   185.220.101.0/24  120  DE   Hamburg (Hamburg-Nord)              53.573500   10.054800  tor   (Tor exits, AS 60729)
//   171.25.193.0/24   120  SE   Stockholm                           59.329300   18.068600  tor   (Tor exits, DFRI)
//   193.138.218.0/24  119  SE   Malmo                               55.605000   13.003800  vpn   (Mullvad)
//   37.120.192.0/24   120  NL   Amsterdam                           52.308800    4.940660  vpn   (M247, VPN hosting)
//   3.120.0.0/24      114  DE   Frankfurt am Main                   50.110900    8.682130  cloud (AWS eu-central-1)
//   18.130.0.0/24     116  GB   London                              51.507400   -0.127758  cloud (AWS eu-west-2)
//
// The city field is what the database prints (DB-IP appends a district in parentheses). UTC
// offsets are standard time; daylight saving is ignored because only "working hours" depend on it.

import Foundation

/// What kind of network a site's prefix is.
public enum SimSiteCategory: String, Sendable, Hashable, Codable {
    /// A company office.
    case office
    /// A remote worker's home (residential ISP).
    case home
    /// Tor exit relays.
    case tor
    /// An anonymising VPN / hosting provider.
    case vpn
    /// A public cloud provider (where bots and scripts run).
    case cloud
}

/// A place IPs come from: a /24 prefix and where the GeoIP database puts it.
public struct SimSite: Sendable, Hashable, Codable {
    /// Short key, e.g. `london`.
    public let key: String
    /// ISO 3166-1 alpha-2 country code, as the database prints it.
    public let country: String
    /// City name, as the database prints it.
    public let city: String
    /// Latitude in degrees, as the database prints it.
    public let latitude: Double
    /// Longitude in degrees, as the database prints it.
    public let longitude: Double
    /// Offset of local (standard) time from UTC, seconds.
    public let utcOffset: Int
    /// The /24, e.g. `81.2.69.0/24`.
    public let prefix: String
    /// Office, home, Tor, VPN or cloud.
    public let category: SimSiteCategory

    /// Makes a site.
    public init(
        key: String, country: String, city: String, latitude: Double, longitude: Double,
        utcOffset: Int, prefix: String, category: SimSiteCategory
    ) {
        self.key = key
        self.country = country
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.utcOffset = utcOffset
        self.prefix = prefix
        self.category = category
    }

    /// The first three octets with a trailing dot (`81.2.69.`), the text every address starts with.
    var networkText: String {
        let octets = prefix.split(separator: "/")[0].split(separator: ".")
        return octets.prefix(3).joined(separator: ".") + "."
    }

    /// An address inside the /24 (`host` is clamped to 1…254).
    public func address(host: Int) -> String {
        networkText + String(min(254, max(1, host)))
    }

    /// Great-circle distance in km (haversine, R = 6371.0088 km as in geoip.md §4.1).
    public func distance(to other: SimSite) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad
        let dLon = (other.longitude - longitude) * rad
        let sLat = sin(dLat / 2), sLon = sin(dLon / 2)
        let a = sLat * sLat + cos(latitude * rad) * cos(other.latitude * rad) * sLon * sLon
        return 2 * 6371.0088 * asin(min(1, a.squareRoot()))
    }

    /// The verified table above, in that order.
    public static let all: [SimSite] = [
        SimSite(
            key: "london", country: "GB", city: "London", latitude: 51.5143, longitude: -0.091224, utcOffset: 0, prefix: "81.2.69.0/24",
            category: .office),
        SimSite(
            key: "new-york", country: "US", city: "New York", latitude: 40.7128, longitude: -74.006, utcOffset: -5 * 3600,
            prefix: "63.200.0.0/24", category: .office),
        SimSite(
            key: "san-francisco", country: "US", city: "San Francisco (Financial District)", latitude: 37.795, longitude: -122.403,
            utcOffset: -8 * 3600, prefix: "38.99.0.0/24", category: .office),
        SimSite(
            key: "frankfurt", country: "DE", city: "Frankfurt am Main", latitude: 50.1109, longitude: 8.68213, utcOffset: 3600,
            prefix: "84.128.0.0/24", category: .office),
        SimSite(
            key: "paris", country: "FR", city: "Paris", latitude: 48.8566, longitude: 2.35222, utcOffset: 3600, prefix: "90.84.0.0/24",
            category: .office),
        SimSite(
            key: "tokyo", country: "JP", city: "Tokyo", latitude: 35.6895, longitude: 139.692, utcOffset: 9 * 3600, prefix: "126.0.0.0/24",
            category: .office),
        SimSite(
            key: "sydney", country: "AU", city: "Sydney", latitude: -33.8688, longitude: 151.209, utcOffset: 10 * 3600,
            prefix: "144.130.0.0/24", category: .office),
        SimSite(
            key: "sao-paulo", country: "BR", city: "São Paulo", latitude: -23.5558, longitude: -46.6396, utcOffset: -3 * 3600,
            prefix: "177.71.128.0/24", category: .office),
        SimSite(
            key: "singapore", country: "SG", city: "Singapore (Queenstown Estate)", latitude: 1.29415, longitude: 103.791,
            utcOffset: 8 * 3600, prefix: "116.88.0.0/24", category: .office),
        SimSite(
            key: "bengaluru", country: "IN", city: "Bengaluru (Vasanth Nagar)", latitude: 12.9833, longitude: 77.5965, utcOffset: 19_800,
            prefix: "106.51.0.0/24", category: .office),
        SimSite(
            key: "toronto", country: "CA", city: "Toronto (Old Toronto)", latitude: 43.6715, longitude: -79.38, utcOffset: -5 * 3600,
            prefix: "24.114.0.0/24", category: .office),
        SimSite(
            key: "madrid-home", country: "ES", city: "Madrid", latitude: 40.5167, longitude: -3.66479, utcOffset: 3600,
            prefix: "88.26.0.0/24", category: .home),
        SimSite(
            key: "johannesburg-home", country: "ZA", city: "Johannesburg", latitude: -26.2041, longitude: 28.0473, utcOffset: 2 * 3600,
            prefix: "154.0.0.0/24", category: .home),
        SimSite(
            key: "seoul-home", country: "KR", city: "Seoul (Kyonggidae-ro 1-gil)", latitude: 37.5611, longitude: 126.961,
            utcOffset: 9 * 3600, prefix: "211.36.0.0/24", category: .home),
        SimSite(
            key: "mexico-city-home", country: "MX", city: "Mexico City (Zedec Santa Fe)", latitude: 19.3654, longitude: -99.2587,
            utcOffset: -6 * 3600, prefix: "189.216.0.0/24", category: .home),
        SimSite(
            key: "stockholm-home", country: "SE", city: "Stockholm", latitude: 59.3293, longitude: 18.0686, utcOffset: 3600,
            prefix: "90.224.0.0/24", category: .home),
        SimSite(
            key: "tor-hamburg", country: "DE", city: "Hamburg (Hamburg-Nord)", latitude: 53.5735, longitude: 10.0548, utcOffset: 3600,
            prefix: "185.220.101.0/24", category: .tor),
        SimSite(
            key: "tor-stockholm", country: "SE", city: "Stockholm", latitude: 59.3293, longitude: 18.0686, utcOffset: 3600,
            prefix: "171.25.193.0/24", category: .tor),
        SimSite(
            key: "vpn-mullvad-malmo", country: "SE", city: "Malmo", latitude: 55.605, longitude: 13.0038, utcOffset: 3600,
            prefix: "193.138.218.0/24", category: .vpn),
        SimSite(
            key: "vpn-m247-amsterdam", country: "NL", city: "Amsterdam", latitude: 52.3088, longitude: 4.94066, utcOffset: 3600,
            prefix: "37.120.192.0/24", category: .vpn),
        SimSite(
            key: "cloud-aws-frankfurt", country: "DE", city: "Frankfurt am Main", latitude: 50.1109, longitude: 8.68213, utcOffset: 3600,
            prefix: "3.120.0.0/24", category: .cloud),
        SimSite(
            key: "cloud-aws-london", country: "GB", city: "London", latitude: 51.5074, longitude: -0.127758, utcOffset: 0,
            prefix: "18.130.0.0/24", category: .cloud),
    ]
}
